"""Sorting of the committee's comparison table (server side: header links with aria-sort)."""

from __future__ import annotations

__all__ = ["SORTS", "sorted_rows"]

SORTS = {
    "ordre": "Ordre du jour",
    "commune": "Commune",
    "population": "Population",
    "eligibilite": "Éligibilité",
    "score": "Score de besoin global",
    "montant": "Montant estimé",
    "avis": "Avis de l'ingénieur",
}
_AVIS_ORDER = {"favorable": 0, "reserve": 1, "defavorable": 2}


_VALUES = {
    "commune": lambda r: r["commune"].casefold(),
    "population": lambda r: r["population"],
    "eligibilite": lambda r: r["eligibilite"]["libelle"],
    "score": lambda r: (r["diagnostic"] or {}).get("global"),
    "montant": lambda r: r["montant"],
    "avis": lambda r: _AVIS_ORDER.get((r["avis"] or {}).get("avis")),
}


def _value(tri: str, position: int, r: dict):
    return position if tri == "ordre" else _VALUES[tri](r)


def sorted_rows(rows: list[dict], tri: str, ordre: str) -> list[dict]:
    """Rows of a pack sorted on ``tri``; rows without a value come last in both directions."""
    items = [(_value(tri, i, r), r) for i, r in enumerate(rows)]
    known = sorted(
        (x for x in items if x[0] is not None), key=lambda x: x[0], reverse=ordre == "desc"
    )
    return [r for _, r in known] + [r for v, r in items if v is None]
