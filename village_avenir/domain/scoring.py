"""Need scores an engineer can defend: percentile ranks only where enough communes have a
value, thresholds for declared or assessed figures, coverage, and no score on thin data.

Rules (parameters in :class:`ReglesNotation`, stated on the pages):

- An indicator in mode ``"rang"`` (official or computed figures) is placed among the communes
  of the reference set only when at least ``part_minimale_rang`` of them have a value; the
  *need* is then its percentile rank (0–100, ties at their mean rank), or ``100 - rank`` when
  less means more need. Below that share the indicator is « non classé »: shown, not scored.
- On a « more = more need » indicator a value of 0 is never a need (need 0, whatever its rank).
- An indicator in mode ``"seuil"`` (a value declared by a commune or assessed by an engineer:
  known for a few communes) is never turned into a percentile: its value is judged against
  the indicator's stated threshold (``signal``) and it does not enter the scores.
- A domain score is the weighted mean of the needs of its ranked indicators that have a value
  (weights re-normalised over them); its coverage is the share of the domain's ranked-mode
  weight backed by a value. Nothing is imputed.
- A domain enters the global score only when it is *evaluated in the département*: at least
  ``part_minimale_rang`` of the communes have a score in it (e.g. heritage without any
  inventory is « à évaluer » everywhere and weighs on nobody).
- The global coverage is the weighted mean of the coverages of the evaluated domains. Below
  ``seuil_couverture`` a commune gets no global score (« données insuffisantes »), hence no rank.

This module is the reference implementation (pure Python); ``village_avenir.scoring_array``
computes the same with numpy arrays (property-tested equal).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

from .refus import Refus

__all__ = [
    "CommuneResult",
    "Contribution",
    "DomainScore",
    "PonderationInvalide",
    "ReglesNotation",
    "ScoringResult",
    "Spec",
    "Weights",
    "aggregate",
    "combine",
    "judge",
    "percentile_ranks",
    "score",
]

NORMALISATIONS = {"percentile"}
MODES = {"rang", "seuil"}


class PonderationInvalide(Refus, ValueError):
    """Weights or rules that cannot be used (negative, unknown normalisation…)."""


@dataclass(frozen=True)
class Spec:
    """What scoring needs to know of an indicator."""

    id: str
    domaine: str
    sens: int  # +1: more = more need; -1: less = more need
    mode: str = "rang"  # "rang": percentile when enough communes; "seuil": judged, not scored
    seuil: float | None = None  # threshold of a "seuil" indicator


@dataclass(frozen=True)
class ReglesNotation:
    """The honesty parameters (``data/parametres/ponderations.toml``)."""

    part_minimale_rang: float = 0.5  # share of communes with a value needed to rank
    seuil_couverture: float = 0.5  # global coverage below which: « données insuffisantes »

    def __post_init__(self):
        for name in ("part_minimale_rang", "seuil_couverture"):
            v = getattr(self, name)
            if not (0 <= v <= 1):
                raise PonderationInvalide(f"« {name} » doit être compris entre 0 et 1.")

    def minimum(self, n: int) -> int:
        """Number of communes (out of ``n``) that must have a value to rank (at least 2)."""
        return max(2, math.ceil(self.part_minimale_rang * n - 1e-9))


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
    """One indicator's part in a domain score (``contribution`` is in score points).

    ``statut``: « classe » (ranked), « non_classe » (too few communes have a value),
    « seuil » (judged against its threshold, not scored), « manquant » (no value here).
    """

    indicateur: str
    domaine: str
    valeur: float | None
    percentile: float | None
    besoin: float | None  # 0 = lowest need in the département, 100 = highest
    poids: float
    poids_normalise: float
    contribution: float | None
    statut: str = "classe"
    signal: bool | None = None  # "seuil" mode: value at or beyond the threshold


class DomainScore(NamedTuple):
    domaine: str
    score: float | None
    couverture: float  # 0–1 share of the domain's ranked-mode weight backed by data


class CommuneResult(NamedTuple):
    code_insee: str
    domaines: Mapping[str, DomainScore]
    score_global: float | None  # None: données insuffisantes (coverage under the threshold)
    couverture: float


def judge(spec: Spec, value: float | None) -> bool | None:
    """A "seuil" indicator's verdict: need signalled? (None: no value or no threshold).

    0 on a « more = more need » indicator is never a need."""
    if value is None or spec.seuil is None:
        return None
    if spec.sens > 0:
        return value > 0 and value >= spec.seuil
    return value <= spec.seuil


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
    i = 0
    while i < n:  # ties share their mean rank
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


def _need(spec: Spec, value: float, rank: float) -> float:
    if spec.sens > 0:
        return 0.0 if value == 0 else rank
    return 100.0 - rank


@dataclass(frozen=True)
class ScoringResult:
    specs: tuple[Spec, ...]
    weights: Weights
    rules: ReglesNotation
    communes: Mapping[str, CommuneResult]
    classes: frozenset[str]  # ranked indicators (enough communes have a value)
    evalues: tuple[str, ...]  # domains evaluated in the département (enter the global score)
    _values: Mapping[str, Mapping[str, float]] = field(repr=False)
    _ranks: Mapping[str, Mapping[str, float]] = field(repr=False)

    def breakdown(self, code: str) -> tuple[Contribution, ...]:
        """Per-indicator breakdown of a commune (every indicator, in catalogue order)."""
        out = []
        for dom in self.domain_order():
            specs = [s for s in self.specs if s.domaine == dom]
            known = sum(
                self.weights.indicateurs.get(s.id, 0.0)
                for s in specs
                if s.id in self.classes and code in self._values[s.id]
            )
            for s in specs:
                w = self.weights.indicateurs.get(s.id, 0.0)
                value = self._values.get(s.id, {}).get(code)
                if s.mode == "seuil":
                    out.append(
                        Contribution(
                            s.id, dom, value, None, None, w, 0.0, None, "seuil", judge(s, value)
                        )
                    )
                    continue
                if value is None or s.id not in self.classes:
                    statut = "manquant" if value is None else "non_classe"
                    out.append(Contribution(s.id, dom, value, None, None, w, 0.0, None, statut))
                    continue
                rank = self._ranks[s.id][code]
                need = _need(s, value, rank)
                share = w / known if known > 0 else 0.0
                out.append(Contribution(s.id, dom, value, rank, need, w, share, need * share))
        return tuple(out)

    def domain_order(self) -> list[str]:
        return list(dict.fromkeys(s.domaine for s in self.specs))


def score(
    specs: Iterable[Spec],
    weights: Weights,
    values: Mapping[str, Mapping[str, float | None]],
    reference: Iterable[str] | None = None,
    rules: ReglesNotation | None = None,
) -> ScoringResult:
    """Score every commune of ``reference`` (default: every key of ``values``).

    ``values`` maps indicator id → {code_insee: value or None}.
    """
    specs = tuple(specs)
    for s in specs:
        if s.mode not in MODES:
            raise PonderationInvalide(f"mode « {s.mode} » inconnu pour « {s.id} ».")
    rules = rules or ReglesNotation()
    codes = (
        list(reference)
        if reference is not None
        else sorted({c for v in values.values() for c in v})
    )
    codeset = set(codes)
    minimum = rules.minimum(len(codes))
    clean: dict[str, dict[str, float]] = {}
    ranks: dict[str, dict[str, float]] = {}
    classes = set()
    for s in specs:
        col = values.get(s.id, {})
        clean[s.id] = {c: v for c, v in col.items() if v is not None and c in codeset}
        if s.mode == "rang" and len(clean[s.id]) >= minimum:
            classes.add(s.id)
            ranks[s.id] = percentile_ranks(clean[s.id])
    communes, evalues = aggregate(specs, weights, rules, codes, clean, ranks)
    return ScoringResult(specs, weights, rules, communes, frozenset(classes), evalues, clean, ranks)


def aggregate(
    specs: tuple[Spec, ...],
    weights: Weights,
    rules: ReglesNotation,
    codes: list[str],
    clean: Mapping[str, Mapping[str, float]],
    ranks: Mapping[str, Mapping[str, float]],
) -> tuple[dict[str, CommuneResult], tuple[str, ...]]:
    """Domain scores, coverages and global scores from the percentile ranks (``ranks``: the
    ranked indicators only): the second half of :func:`score`, reused with other weights by
    ``domain/robustesse.py`` (ranks do not depend on weights)."""
    minimum = rules.minimum(len(codes))
    domains = list(dict.fromkeys(s.domaine for s in specs))
    w_ind = weights.indicateurs
    per_domain: dict[str, tuple[dict[str, float], dict[str, float], float]] = {}
    for d in domains:
        num = dict.fromkeys(codes, 0.0)
        known = dict.fromkeys(codes, 0.0)
        total = 0.0
        for s in specs:
            w = w_ind.get(s.id, 0.0)
            if s.domaine != d or s.mode != "rang":
                continue
            total += w
            if w == 0 or s.id not in ranks:
                continue
            col = clean[s.id]
            for c, r in ranks[s.id].items():
                num[c] += w * _need(s, col[c], r)
                known[c] += w
        per_domain[d] = (num, known, total)
    dom_scores: dict[str, dict[str, DomainScore]] = {c: {} for c in codes}
    for d, (num, known, total) in per_domain.items():
        for c in codes:
            k = known[c]
            sc = min(100.0, max(0.0, num[c] / k)) if k > 0 else None
            dom_scores[c][d] = DomainScore(d, sc, k / total if total > 0 else 0.0)
    evalues = tuple(
        d
        for d in domains
        if weights.domaines.get(d, 0.0) > 0
        and sum(1 for c in codes if dom_scores[c][d].score is not None) >= minimum
    )
    w_dom = {d: weights.domaines[d] for d in evalues}
    w_total = sum(w_dom.values())
    communes = {}
    for c in codes:
        doms = dom_scores[c]
        cov = sum(w * doms[d].couverture for d, w in w_dom.items()) / w_total if w_total else 0.0
        glob = None
        if w_total and cov >= rules.seuil_couverture - 1e-12:
            glob = combine({d: doms[d].score for d in evalues}, w_dom)
        communes[c] = CommuneResult(c, doms, glob, cov)
    return communes, evalues
