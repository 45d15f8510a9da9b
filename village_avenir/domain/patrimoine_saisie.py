"""Checking a heritage item's fields, wherever they come from (form, visit, file, Mérimée).

Pure (stdlib only). :func:`check_element` takes a mapping of raw values (strings as a form or
a CSV cell gives them, or Python values) and returns the clean fields of
``models.PatrimoineElement``; any bad value raises :class:`PatrimoineInvalide` with a French
message naming the field. The closed lists (``domain/patrimoine.py``) accept the stored code
(``mh_inscrit``) or the French label (« Monument historique inscrit », or its head before a
parenthesis: « Bon »), case and accents as written in the list.

Limits (stated in the README, « Patrimoine »): name 200 characters, « autre » type 100,
notes 5 000, provenance 300; a cost from 0 to 50 million euros, minimum ≤ maximum; longitude
and latitude both given or both empty; a state's date from 1900 to 2100.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import Any

from .dates import SaisieInvalide, parse_date
from .nombres import format_euros, parse_decimal, parse_montant
from .patrimoine import ETATS, PROPRIETAIRES, PROTECTIONS, SOURCES, TYPES, USAGES
from .refus import Refus

__all__ = [
    "CHAMPS",
    "COUT_MAX",
    "LONGUEURS",
    "PatrimoineInvalide",
    "check_element",
    "code_of",
]

LONGUEURS = {"nom": 200, "type_autre": 100, "notes": 5_000, "source_detail": 300}
COUT_MAX = 50_000_000

# The editable fields, with their default when absent from a new item.
CHAMPS: dict[str, Any] = {
    "nom": None,
    "type": None,
    "type_autre": None,
    "protection": "non_protege",
    "proprietaire": "commune",
    "etat": "non_evalue",
    "usage": "inconnu",
    "longitude": None,
    "latitude": None,
    "notes": "",
    "cout_min": None,
    "cout_max": None,
    "date_etat": None,
    "source": "inventaire",
    "source_detail": "",
}

_LISTES = {
    "type": (TYPES, "type"),
    "protection": (PROTECTIONS, "protection"),
    "proprietaire": (PROPRIETAIRES, "propriétaire"),
    "etat": (ETATS, "état"),
    "usage": (USAGES, "usage"),
    "source": (SOURCES, "source"),
}


class PatrimoineInvalide(Refus, ValueError):
    """A heritage item is refused as it stands (French message naming the field)."""


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def code_of(vocab: Mapping[str, str], value: object, champ: str) -> str:
    """The code of ``value`` in ``vocab``: the code itself, or its label (full, or before a
    parenthesis), compared without case or accents."""
    raw = str(value if value is not None else "").strip()
    if raw in vocab:
        return raw
    folded = _fold(raw)
    for code, label in vocab.items():
        if folded in {_fold(code), _fold(label), _fold(label.split(" (")[0])}:
            return code
    raise PatrimoineInvalide(
        f"{champ.capitalize()} « {raw[:40]} » inconnu(e) : valeurs admises "
        + ", ".join(f"{code} ({label})" for code, label in vocab.items())
        + "."
    )


def _text(data: Mapping, key: str, label: str) -> str:
    value = str(data.get(key) or "").strip()
    if len(value) > LONGUEURS[key]:
        raise PatrimoineInvalide(
            f"{label} compte {len(value)} caractères, {LONGUEURS[key]} au plus : raccourcissez-le."
        )
    return value


def _cout(raw: object, label: str) -> int | None:
    if raw is None or str(raw).strip() == "":
        return None
    value = parse_montant(raw) if not isinstance(raw, int | float) else float(raw)
    if value is None or not 0 <= value <= COUT_MAX:
        raise PatrimoineInvalide(
            f"Le {label} doit être un montant en euros de 0 à {format_euros(COUT_MAX)}."
        )
    return round(value)


def _coordonnee(raw: object, label: str) -> float | None:
    if raw is None or str(raw).strip() == "":
        return None
    try:
        return parse_decimal(raw) if not isinstance(raw, int | float) else float(raw)
    except ValueError:
        raise PatrimoineInvalide(
            f"La {label} doit être un nombre en degrés décimaux (par exemple 1,44)."
        ) from None


def _date(raw: object) -> date | None:
    if raw is None or str(raw).strip() == "":
        return None
    if isinstance(raw, date):
        return raw
    try:
        return parse_date(raw)
    except SaisieInvalide as exc:
        raise PatrimoineInvalide(f"Date de l'état : {exc}") from None


def check_element(data: Mapping[str, Any], *, partiel: bool = False) -> dict[str, Any]:
    """The clean fields of an item. ``partiel``: only the keys present are checked and
    returned (an edit that changes a few fields); otherwise absent keys take their default
    and ``nom`` and ``type`` are required."""
    keys = [k for k in CHAMPS if k in data] if partiel else list(CHAMPS)
    out: dict[str, Any] = {}
    for key in keys:
        raw = data.get(key, CHAMPS[key])
        if key in _LISTES:
            vocab, label = _LISTES[key]
            if raw in (None, "") and CHAMPS[key] is None:
                raise PatrimoineInvalide(f"Indiquez le {label} de l'élément.")
            out[key] = code_of(vocab, raw if raw not in (None, "") else CHAMPS[key], label)
        elif key == "nom":
            out[key] = _text(data, key, "Le nom")
            if not out[key]:
                raise PatrimoineInvalide(
                    "Indiquez le nom de l'élément (par exemple « Lavoir du bourg »)."
                )
        elif key == "type_autre":
            out[key] = _text(data, key, "La précision du type") or None
        elif key in ("notes", "source_detail"):
            out[key] = _text(data, key, "Les notes" if key == "notes" else "La provenance")
        elif key in ("cout_min", "cout_max"):
            out[key] = _cout(raw, "coût minimal" if key == "cout_min" else "coût maximal")
        elif key in ("longitude", "latitude"):
            out[key] = _coordonnee(raw, key)
        elif key == "date_etat":
            out[key] = _date(raw)
    if ("longitude" in out) != ("latitude" in out) or (
        "longitude" in out and (out["longitude"] is None) != (out["latitude"] is None)
    ):
        raise PatrimoineInvalide(
            "Indiquez la longitude et la latitude ensemble (ou aucune des deux)."
        )
    if out.get("cout_min") is not None and out.get("cout_max") is not None:
        if out["cout_min"] > out["cout_max"]:
            raise PatrimoineInvalide("Le coût minimal dépasse le coût maximal.")
    if out.get("type") == "autre" and "type_autre" in out and not out["type_autre"]:
        raise PatrimoineInvalide("Type « autre » : précisez lequel (par exemple « sompe »).")
    if out.get("type") not in (None, "autre") and "type_autre" in out:
        out["type_autre"] = None
    return out
