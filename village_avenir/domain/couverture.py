"""When does a set of figures cover a département? One threshold for every exhaustive file.

A file of equipment or monuments, or the values a distance is computed from, is read as
exhaustive (a commune it does not name has none) only when it names at least
``SEUIL_COUVERTURE`` of the département's communes. Below it, the communes it omits stay
« non renseigné »: a two-line file must never become « 0 doctors in 310 communes », nor
« 15.9 km from a doctor » for a commune whose own doctor the file does not list.
"""

from __future__ import annotations

__all__ = ["SEUIL_COUVERTURE", "couvre", "format_seuil"]

SEUIL_COUVERTURE = 0.95


def couvre(nommees: int, total: int) -> bool:
    """True when ``nommees`` communes of ``total`` reach the threshold (False for 0 of 0)."""
    return total > 0 and nommees >= SEUIL_COUVERTURE * total


def format_seuil() -> str:
    """« 95 % » (no-break space before the sign)."""
    return f"{SEUIL_COUVERTURE * 100:.0f}\u00a0%"
