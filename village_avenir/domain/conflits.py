"""Two saves of one record in the meantime (two tabs, two people): show, never resolve.

Pure (stdlib only). When a save is refused because the record changed since the form was
opened (optimistic locking), the view shows the two versions side by side, field by field
(:func:`conflicting_fields`), each with « garder la mienne » / « garder l'autre »; the next
save applies the choices (:func:`apply_choices`). Nothing is chosen by default: a field left
without a choice refuses the save with :class:`ChoixManquant` (French message), so that no
one's text is ever replaced silently.

Values are the record's flat content: text fields, and lists (the heritage entries of an
application) compared as a whole and shown as lines (``format_value``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .refus import Refus

__all__ = [
    "AUTRE",
    "ChoixManquant",
    "Conflit",
    "MIENNE",
    "apply_choices",
    "conflicting_fields",
    "format_value",
]

MIENNE, AUTRE = "mienne", "autre"


class ChoixManquant(Refus, ValueError):
    """A conflicting field has no choice: nothing is saved (message in French)."""

    status = 409

    def __init__(self, libelles: Sequence[str]):
        self.libelles = tuple(libelles)
        super().__init__(
            "Rien n'a été enregistré : choisissez, pour chaque champ modifié des deux côtés, "
            "la version à garder (" + ", ".join(f"« {x} »" for x in self.libelles) + ")."
        )


@dataclass(frozen=True)
class Conflit:
    """One field whose typed value (``mienne``) differs from the saved one (``autre``)."""

    champ: str
    libelle: str
    mienne: str
    autre: str


def _lines(item: object) -> str:
    if isinstance(item, Mapping):
        return " — ".join(str(v).strip() for v in item.values() if str(v or "").strip()) or "—"
    return str(item)


def format_value(value: object) -> str:
    """A value as a person reads it: lists as numbered lines, empty as « (vide) »."""
    if isinstance(value, list | tuple):
        if not value:
            return "(vide)"
        return "\n".join(f"n° {i} : {_lines(item)}" for i, item in enumerate(value, 1))
    text = "" if value is None else str(value)
    return text if text.strip() else "(vide)"


def _norm(value: object) -> object:
    if isinstance(value, list | tuple):
        return [
            {k: str(v or "").strip() for k, v in item.items()}
            if isinstance(item, Mapping)
            else item
            for item in value
        ]
    return ("" if value is None else str(value)).replace("\r\n", "\n").strip()


def conflicting_fields(
    mienne: Mapping[str, object], autre: Mapping[str, object], libelles: Mapping[str, str]
) -> list[Conflit]:
    """The fields of ``libelles`` (in its order) whose two values differ."""
    return [
        Conflit(champ, libelle, format_value(mienne.get(champ)), format_value(autre.get(champ)))
        for champ, libelle in libelles.items()
        if _norm(mienne.get(champ)) != _norm(autre.get(champ))
    ]


def apply_choices(
    mienne: Mapping[str, object],
    autre: Mapping[str, object],
    champs: Sequence[str],
    choix: Mapping[str, str],
    libelles: Mapping[str, str],
) -> dict[str, object]:
    """``mienne`` where each field of ``champs`` takes the chosen side. Raises ChoixManquant
    when one has no choice (or an unknown one)."""
    missing = [libelles.get(c, c) for c in champs if choix.get(c) not in (MIENNE, AUTRE)]
    if missing:
        raise ChoixManquant(missing)
    merged = dict(mienne)
    for champ in champs:
        if choix[champ] == AUTRE:
            merged[champ] = autre.get(champ, "")
    return merged
