"""The département's own figure for an indicator, from the same source as the communes'
(issue 24, point 5): « Lot : 10,2 % » beside « médiane des communes : 7,7 % ».

The INSEE comparateur gives counts per commune; the Lot's rate is the ratio of the sums over
its communes (what INSEE publishes for the département: 12,440 vacant dwellings out of
121,630 = 10.2 %), never a median or a mean of rates. Rules:

- only rates built from counts are aggregated (``ratio``, ``taux_annuel``, ``solde``,
  ``solde_migratoire``), with the indicator's own definition (a deduction such as « la
  mairie » is taken off each commune's count); a median income, a distance, a density or a
  bare count has no département figure here (``None``);
- every commune of the reference must have every input: one missing or secret value and the
  sum would not be the département's (``None``, said so on the page);
- no stabilisation: the département is large.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .indicators import Indicateur, RawValue, Value, derive

__all__ = ["AGREGEABLES", "departement_value"]

AGREGEABLES = {"ratio", "taux_annuel", "solde", "solde_migratoire"}


def departement_value(
    ind: Indicateur, raw: Mapping[str, Mapping[str, RawValue]], codes: Iterable[str]
) -> Value | None:
    """The département's value of ``ind`` (``raw``: code → datum id → value), or None."""
    codes = list(codes)
    if ind.calcul not in AGREGEABLES or not codes:
        return None
    inputs = ind.inputs
    if any(d not in raw.get(c, {}) for c in codes for d in inputs):
        return None
    if any(len({raw[c][d].annee for c in codes}) > 1 for d in inputs):
        return None  # vintages mixed by a partial import: no single département figure
    deduction = float(ind.params.get("deduire", 0))
    totals = {}
    for d in inputs:
        first = raw[codes[0]][d]
        total = 0.0
        for c in codes:
            v = raw[c][d].valeur
            if ind.calcul == "ratio" and d == ind.params["numerateur"]:
                v = max(0.0, v - deduction)
            total += v
        totals[d] = RawValue(total, first.annee, first.source)
    pooled = Indicateur(
        ind.id,
        ind.domaine,
        ind.libelle,
        ind.unite,
        ind.sens,
        ind.poids,
        ind.calcul,
        {k: v for k, v in ind.params.items() if k not in {"deduire", "stabilisation"}},
    )
    value = derive(pooled, totals)
    if value is None:
        return None
    return Value(value.valeur, value.annee, f"somme des {len(codes)} communes : {value.source}")
