"""Stable per-inhabitant rates for small communes (issue 24, point 3).

A rate such as « établissements pour 1 000 habitants » jumps with one unit on a small
population: Saint-Hilaire (62 inhabitants in 2022) and its single establishment — its own town
hall — made 16.1 per 1,000, « better served » than Cahors (10.5). Two documented rules fix it:

- **deduction** (``deduire`` in ``indicateurs.toml``): units every commune has by definition
  are taken off the count before dividing (each of the Lot's 312 communes counts at least one
  public-administration establishment: its town hall);
- **stabilisation** (``stabilisation`` = *m*, a population): the commune's rate is pulled
  towards the pooled rate of the communes of its population band (``domain/tranches.py``),
  each weighing its own population against *m*::

      stabilised = (count + m × band rate) / (population + m) × factor

  so the commune's own figure counts for population / (population + m): 11 % at 62
  inhabitants with m = 500, 91 % at 5,000. It is the credibility (empirical Bayes, Poisson–
  gamma) estimate with a prior of strength *m* centred on the band; nothing is imputed (a
  commune without a count or a population gets no value), and the raw rate stays shown beside.

Pure: plain mappings in, :class:`Taux` out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .indicators import Indicateur, RawValue, Value, derive
from .nombres import format_nombre
from .tranches import band_of

__all__ = ["Taux", "regle_text", "stabilise", "stabilised_column"]


@dataclass(frozen=True)
class Taux:
    """One commune's rate: raw, stabilised, the band's pooled rate and its own share."""

    brut: float
    stabilise: float
    taux_tranche: float
    part_propre: float  # 0–1: weight of the commune's own rate in the stabilised one


def stabilise(
    comptes: Mapping[str, float],
    bases: Mapping[str, float],
    poids: float,
    facteur: float = 1.0,
    deduire: float = 0.0,
) -> dict[str, Taux]:
    """Stabilised rates of every commune having both a count and a positive base.

    ``comptes``: code → count (before deduction); ``bases``: code → population (the band is
    that of the population); ``poids``: *m*, in inhabitants (0: no stabilisation);
    ``deduire``: units taken off each count (never below 0)."""
    if poids < 0:
        raise ValueError("le poids de stabilisation doit être positif ou nul.")
    kept = {
        c: (max(0.0, comptes[c] - deduire), bases[c])
        for c in comptes
        if c in bases and bases[c] > 0
    }
    pooled: dict[str | None, list[float]] = {}
    for count, base in kept.values():
        band = band_of(round(base))
        sums = pooled.setdefault(band, [0.0, 0.0])
        sums[0] += count
        sums[1] += base
    out = {}
    for c, (count, base) in kept.items():
        n, d = pooled[band_of(round(base))]
        rate_band = n / d
        own = base / (base + poids)
        out[c] = Taux(
            brut=count / base * facteur,
            stabilise=(count + poids * rate_band) / (base + poids) * facteur,
            taux_tranche=rate_band * facteur,
            part_propre=own,
        )
    return out


def regle_text(poids: float, deduire: float = 0.0, deduction: str = "") -> str:
    """The rule in French, for the sheet; ``deduction`` names what is deducted (« la
    mairie »)."""
    parts = []
    if deduire:
        what = f" ({deduction})" if deduction else ""
        parts.append(f"{format_nombre(deduire)} déduit du compte{what}")
    if poids:
        parts.append(
            "taux rapproché de celui des communes de même taille, la commune pesant "
            f"population / (population + {format_nombre(poids)})"
        )
    return " ; ".join(parts)


def stabilised_column(
    ind: Indicateur, raw: Mapping[str, Mapping[str, RawValue]]
) -> dict[str, Value]:
    """Every commune's value of a ratio indicator (``raw``: code → datum id → raw value),
    stabilised when the catalogue gives ``stabilisation``; the raw rate is kept in
    :attr:`Value.brut` and the rule in :attr:`Value.regle`. Without ``stabilisation`` it is
    :func:`~.indicators.derive` for each commune."""
    plain = {c: v for c, r in raw.items() if (v := derive(ind, r)) is not None}
    m = float(ind.params.get("stabilisation", 0) or 0)
    if not m:
        return plain
    num, den = (str(ind.params["numerateur"]), str(ind.params["denominateur"]))
    rates = stabilise(
        {c: raw[c][num].valeur for c in plain},
        {c: raw[c][den].valeur for c in plain},
        m,
        float(ind.params.get("facteur", 1)),
        float(ind.params.get("deduire", 0)),
    )
    rule = regle_text(m, float(ind.params.get("deduire", 0)), str(ind.params.get("deduction", "")))
    return {
        c: Value(t.stabilise, plain[c].annee, plain[c].source, t.brut, rule)
        for c, t in rates.items()
    }
