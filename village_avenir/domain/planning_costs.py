"""Costs and choices of a plan: cost ranges scaled to the commune's size, alternatives for
the same need, and the plan's total cost range.

- An action marked ``echelle = "population"`` in the catalogue has its range stated for a
  commune of ``population_reference`` inhabitants; for another commune it is multiplied by
  ``(population / population_reference) ** exposant``, bounded to
  [``facteur_min``, ``facteur_max``], rounded to the thousand euros (the rule is printed with
  the action). Other actions (a study, a medical office) keep the catalogue's range.
- Actions sharing a ``choix`` value answer the same need in different ways: only one is
  proposed, the others are offered as a choice beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .nombres import format_decimal

__all__ = ["Echelle", "alternatives", "scale", "total_range"]


@dataclass(frozen=True)
class Echelle:
    population_reference: int = 500
    exposant: float = 0.5
    facteur_min: float = 0.5
    facteur_max: float = 3.0

    def factor(self, population: int | None) -> float | None:
        if population is None or population <= 0 or self.population_reference <= 0:
            return None
        f = (population / self.population_reference) ** self.exposant
        return min(self.facteur_max, max(self.facteur_min, f))


def _round(value: float) -> int:
    return int(round(value / 1000.0)) * 1000


def scale(
    cout_min: int, cout_max: int, echelle: str | None, population: int | None, rule: Echelle
) -> tuple[int, int, str | None]:
    """(min, max, note) of an action's cost for a commune of ``population`` inhabitants."""
    if echelle != "population":
        return cout_min, cout_max, None
    f = rule.factor(population)
    if f is None:
        return cout_min, cout_max, None
    facteur = format_decimal(f, 2)
    note = (
        f"Coût ajusté à la taille de la commune ({population} hab. ; fourchette du catalogue "
        f"pour {rule.population_reference} hab. × {facteur})."
    )
    return _round(cout_min * f), max(_round(cout_max * f), _round(cout_min * f)), note


def alternatives(
    action_id: str, choix: Mapping[str, str | None], taken: Iterable[str]
) -> list[str]:
    """Ids of the other actions of ``action_id``'s choice group not already in the plan."""
    group = choix.get(action_id)
    if not group:
        return []
    taken = set(taken)
    return [a for a, g in choix.items() if g == group and a != action_id and a not in taken]


def total_range(costs: Iterable[tuple[int | None, int | None]]) -> tuple[int, int, int, int]:
    """(sum of minima, sum of maxima, actions with a range, actions without one)."""
    lo = hi = known = unknown = 0
    for cmin, cmax in costs:
        if cmin is None or cmax is None:
            unknown += 1
            continue
        lo, hi, known = lo + cmin, hi + cmax, known + 1
    return lo, hi, known, unknown
