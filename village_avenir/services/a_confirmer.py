"""The engineers' queue: communes « à vérifier » and memberships to settle.

A commune is in the queue when the current rules find it « à vérifier » (an undated press
item at a « certain » level included), or when an engineer marked that it « pourrait
prétendre » to a scheme. Each doubtful membership comes with what
would settle it (``pour_trancher`` of its evidence level in eligibilite.toml). Settling it
goes through :mod:`services.adhesions` (confirm: certain, the commune is excluded; clear:
withdrawn, kept inactive), with the reason and the source, journaled.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from ..domain.eligibilite import A_VERIFIER, POURRAIT_PRETENDRE, Rules, is_certain
from ..models import Adhesion
from .adhesions import AdhesionInvalide, confirm_membership, remove_membership
from .eligibilite import Assessment, assess_all

__all__ = ["AConfirmer", "Point", "a_confirmer", "trancher"]


@dataclass(frozen=True)
class Point:
    """One doubtful membership and what would settle it."""

    adhesion: Adhesion
    dispositif: str
    niveau: str
    pour_trancher: str


@dataclass(frozen=True)
class AConfirmer:
    assessment: Assessment
    points: tuple[Point, ...]
    raisons: tuple[str, ...]


def _doubtful(session: Session, rules: Rules) -> dict[str, list[Point]]:
    rows = session.exec(
        select(Adhesion).where(Adhesion.actif == True).order_by(Adhesion.id)  # noqa: E712
    ).all()
    out: dict[str, list[Point]] = {}
    for a in rows:
        scheme, level = rules.scheme(a.programme), rules.levels.get(a.niveau_preuve)
        if (
            scheme is None
            or not scheme.exclut
            or is_certain(a.niveau_preuve, a.date_source, rules, a.debut)
        ):
            continue
        undated = level is not None and level.certain  # certain level, no date: à vérifier
        settle = (
            rules.pour_trancher_non_datee if undated else (level.pour_trancher if level else "")
        )
        point = Point(
            a,
            scheme.libelle,
            f"{level.libelle} (source non datée)"
            if undated
            else (level.libelle if level else a.niveau_preuve),
            settle or "Obtenir une source qui établit l'adhésion.",
        )
        out.setdefault(a.code_insee, []).append(point)
    return out


def a_confirmer(session: Session, rules: Rules) -> list[AConfirmer]:
    """The queue, in the communes' order: « à vérifier » and marked communes."""
    doubtful = _doubtful(session, rules)
    queue = []
    for a in assess_all(session, rules):
        points = doubtful.get(a.commune.code_insee, [])
        marked = any(p.adhesion.niveau_preuve == POURRAIT_PRETENDRE for p in points)
        if a.eligibility.statut != A_VERIFIER and not marked:
            continue
        raisons = tuple(c.raison for c in a.eligibility.criteres if c.statut == A_VERIFIER)
        queue.append(AConfirmer(a, tuple(points), raisons))
    return queue


def trancher(
    session: Session, adhesion_id: int, action: str, *, motif: str, source: str, qui: str
) -> Adhesion:
    """Confirm (``confirmer``) or clear (``ecarter``) a doubtful membership."""
    adhesion = session.get(Adhesion, adhesion_id)
    if adhesion is None:
        raise AdhesionInvalide("Adhésion introuvable.")
    change = confirm_membership if action == "confirmer" else remove_membership
    return change(session, adhesion_id, adhesion.code_insee, motif=motif, qui=qui, source=source)
