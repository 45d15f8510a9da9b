"""Transparent need scores: percentile ranks, direction, weights, coverage and breakdown.

For each indicator, a commune's value is placed among the communes of the reference set that
have a value: its percentile rank (0–100, ties at their mean rank). The *need* is that rank,
or ``100 - rank`` for indicators where less means more need. A domain score is the weighted
mean of the needs of the indicators that have data, the weights re-normalised over them;
its coverage is the share of the domain's weight backed by data. Missing values are never
imputed. The global score is the weighted mean of the domain scores that exist.

The computation is deterministic and pure; breakdowns are built on demand so that scoring
every commune of France stays fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

__all__ = [
    "CommuneResult",
    "Contribution",
    "DomainScore",
    "PonderationInvalide",
    "ScoringResult",
    "Spec",
    "Weights",
    "combine",
    "percentile_ranks",
    "score",
]

NORMALISATIONS = {"percentile"}


class PonderationInvalide(ValueError):
    """Weights that cannot be used (negative, unknown normalisation…)."""


@dataclass(frozen=True)
class Spec:
    """What scoring needs to know of an indicator."""

    id: str
    domaine: str
    sens: int  # +1 or -1


@dataclass(frozen=True)
class Weights:
    indicateurs: Mapping[str, float]
    domaines: Mapping[str, float]
    normalisation: str = "percentile"

    def __post_init__(self):
        if self.normalisation not in NORMALISATIONS:
            raise PonderationInvalide(f"normalisation « {self.normalisation} » inconnue.")
        for name, w in [*self.indicateurs.items(), *self.domaines.items()]:
            if not (w >= 0):
                raise PonderationInvalide(f"le poids de « {name} » doit être positif ou nul.")


@dataclass(frozen=True)
class Contribution:
    """One indicator's part in a domain score (``contribution`` is in score points)."""

    indicateur: str
    domaine: str
    valeur: float | None
    percentile: float | None  # position of the value among communes (0–100)
    besoin: float | None  # percentile oriented by direction (0 = no need, 100 = highest)
    poids: float
    poids_normalise: float  # weight share among the indicators with data
    contribution: float | None


class DomainScore(NamedTuple):
    """Immutable (a named tuple: cheap to build for every commune of France)."""

    domaine: str
    score: float | None
    couverture: float  # 0–1 share of the domain weight backed by data


class CommuneResult(NamedTuple):
    code_insee: str
    domaines: Mapping[str, DomainScore]
    score_global: float | None
    couverture: float


class _Communes(Mapping):
    """Read-only ``code → CommuneResult``, built on access (cheap for 35,000 communes)."""

    def __init__(self, codes, per_domain, dom_w, dom_total, global_scores):
        self._codes = {c: None for c in codes}
        self._per_domain = per_domain
        self._dom_w = dom_w
        self._dom_total = dom_total
        self.global_scores: Mapping[str, float | None] = global_scores

    def __getitem__(self, code: str) -> CommuneResult:
        if code not in self._codes:
            raise KeyError(code)
        doms = {}
        cov_sum = 0.0
        for d, (num, known, total) in self._per_domain.items():
            k = known[code]
            cov = k / total if total > 0 else 0.0
            doms[d] = DomainScore(d, min(100.0, max(0.0, num[code] / k)) if k > 0 else None, cov)
            cov_sum += self._dom_w.get(d, 0.0) * cov
        cov = cov_sum / self._dom_total if self._dom_total > 0 else 0.0
        return CommuneResult(code, doms, self.global_scores[code], cov)

    def __iter__(self):
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)


@dataclass(frozen=True)
class ScoringResult:
    specs: tuple[Spec, ...]
    weights: Weights
    communes: _Communes
    _values: Mapping[str, Mapping[str, float]] = field(repr=False)
    _ranks: Mapping[str, Mapping[str, float]] = field(repr=False)

    def breakdown(self, code: str) -> tuple[Contribution, ...]:
        """Per-indicator breakdown of a commune (every indicator, « non renseigné » = None)."""
        out = []
        for dom in self.domain_order():
            specs = [s for s in self.specs if s.domaine == dom]
            known = sum(
                self.weights.indicateurs.get(s.id, 0.0)
                for s in specs
                if code in self._ranks.get(s.id, {})
            )
            for s in specs:
                w = self.weights.indicateurs.get(s.id, 0.0)
                rank = self._ranks.get(s.id, {}).get(code)
                need = None if rank is None else (rank if s.sens > 0 else 100.0 - rank)
                share = w / known if rank is not None and known > 0 else 0.0
                out.append(
                    Contribution(
                        s.id,
                        dom,
                        self._values.get(s.id, {}).get(code),
                        rank,
                        need,
                        w,
                        share,
                        None if need is None else need * share,
                    )
                )
        return tuple(out)

    def domain_order(self) -> list[str]:
        return list(dict.fromkeys(s.domaine for s in self.specs))

    def ranking(self) -> list[str]:
        """Codes by decreasing global score (None last), ties by code: deterministic."""
        g = self.communes.global_scores
        return sorted(g, key=lambda c: (g[c] is None, -(g[c] or 0), c))


def percentile_ranks(values: Mapping[str, float]) -> dict[str, float]:
    """Mid-rank percentile of each value among ``values`` (0–100; a single value gets 50)."""
    n = len(values)
    if n == 0:
        return {}
    if n == 1:
        return {next(iter(values)): 50.0}
    items = sorted(values.items(), key=itemgetter(1))
    ordered = [v for _, v in items]
    scale = 100.0 / (n - 1)
    ranks = [i * scale for i in range(n)]
    if len(set(ordered)) < n:  # ties share their mean rank
        i = 0
        while i < n:
            j = i
            while j + 1 < n and ordered[j + 1] == ordered[i]:
                j += 1
            if j > i:
                ranks[i : j + 1] = [(i + j) / 2 * scale] * (j - i + 1)
            i = j + 1
    return dict(zip([c for c, _ in items], ranks, strict=True))


def combine(scores: Mapping[str, float | None], weights: Mapping[str, float]) -> float | None:
    """Weighted mean of the domain scores that exist (weights re-normalised), else None."""
    num = den = 0.0
    for dom, s in scores.items():
        w = weights.get(dom, 0.0)
        if s is not None and w > 0:
            num += w * s
            den += w
    return min(100.0, max(0.0, num / den)) if den > 0 else None


def score(
    specs: Iterable[Spec],
    weights: Weights,
    values: Mapping[str, Mapping[str, float | None]],
    reference: Iterable[str] | None = None,
) -> ScoringResult:
    """Score every commune of ``reference`` (default: every key of ``values``).

    ``values`` maps indicator id → {code_insee: value or None}. Percentiles are taken among
    the communes of the reference set that have a value.
    """
    specs = tuple(specs)
    codes = (
        list(reference)
        if reference is not None
        else sorted({c for v in values.values() for c in v})
    )
    codeset = set(codes)
    clean: dict[str, dict[str, float]] = {}
    ranks: dict[str, dict[str, float]] = {}
    for s in specs:
        col = values.get(s.id, {})
        clean[s.id] = {c: v for c, v in col.items() if v is not None and c in codeset}
        ranks[s.id] = percentile_ranks(clean[s.id])
    domains = list(dict.fromkeys(s.domaine for s in specs))
    dom_w = weights.domaines
    dom_total = sum(dom_w.get(d, 0.0) for d in domains)
    per_domain: dict[str, tuple[dict[str, float], dict[str, float], float]] = {}
    for d in domains:
        # column by column: accumulate weighted needs and the weight backed by data
        num = dict.fromkeys(codes, 0.0)
        known = dict.fromkeys(codes, 0.0)
        total = 0.0
        for s in specs:
            w = weights.indicateurs.get(s.id, 0.0)
            if s.domaine != d:
                continue
            total += w
            if w == 0:
                continue
            if s.sens > 0:
                for c, r in ranks[s.id].items():
                    num[c] += w * r
                    known[c] += w
            else:
                for c, r in ranks[s.id].items():
                    num[c] += w * (100.0 - r)
                    known[c] += w
        per_domain[d] = (num, known, total)
    glob: dict[str, float | None] = {}
    for code in codes:
        num_g = den_g = 0.0
        for d, (num, known, _) in per_domain.items():
            k = known[code]
            wd = dom_w.get(d, 0.0)
            if k > 0 and wd > 0:
                num_g += wd * min(100.0, max(0.0, num[code] / k))
                den_g += wd
        glob[code] = min(100.0, max(0.0, num_g / den_g)) if den_g > 0 else None
    communes = _Communes(codes, per_domain, dom_w, dom_total, glob)
    return ScoringResult(specs, weights, communes, clean, ranks)
