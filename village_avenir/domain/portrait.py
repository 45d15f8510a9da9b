"""Portrait of a commune: each key figure beside the département's median and the median of
the communes of the same size band (the comparison users of peer tools ask for).

Pure: values come in as ``code → value`` (None or absent = unknown, e.g. statistical secrecy:
left out of the medians, never counted as 0).
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["Comparaison", "compare"]


@dataclass(frozen=True)
class Comparaison:
    valeur: float | None
    mediane_departement: float | None
    n_departement: int  # communes with a value
    mediane_tranche: float | None
    n_tranche: int


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def compare(
    code: str, values: Mapping[str, float | None], bands: Mapping[str, str | None]
) -> Comparaison:
    """``code``'s value, the median over every commune with a value, and over those of the
    same band (``bands``: code → band key; a commune without a band is compared to none)."""
    known = {c: v for c, v in values.items() if v is not None}
    band = bands.get(code)
    same = [v for c, v in known.items() if band is not None and bands.get(c) == band]
    return Comparaison(
        known.get(code),
        _median(list(known.values())),
        len(known),
        _median(same),
        len(same),
    )
