"""The diagnosis's scoring rules on numpy arrays (same results as ``domain.scoring``).

``domain.scoring`` is the readable reference, used for the département (a few hundred
communes, with per-indicator breakdowns). This module applies the same rules column by
column on a ``communes × indicators`` matrix (NaN = no value), for the whole of France in a
fraction of a second (``scripts/bench_scoring.py``); ``tests/domain/test_scoring_array.py``
checks with Hypothesis that both give the same scores. It lives outside ``domain/`` only
because ``domain/`` imports nothing but the standard library, shapely and pyproj; it is just
as pure (no I/O, no database).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .domain.robustesse import Variantes, moves
from .domain.scoring import ReglesNotation, ScoringResult, Spec, Weights

__all__ = ["ArrayResult", "score_matrix", "to_matrix", "variantes_matrix"]


@dataclass(frozen=True)
class ArrayResult:
    domaines: tuple[str, ...]
    scores: np.ndarray  # communes × domains, NaN = no score
    couvertures: np.ndarray  # communes × domains, 0–1
    score_global: np.ndarray  # communes, NaN = no score (données insuffisantes)
    couverture: np.ndarray  # communes, over the evaluated domains
    classes: frozenset[str]
    evalues: tuple[str, ...]


def to_matrix(
    values: Mapping[str, Mapping[str, float | None]], codes: Sequence[str], specs: Sequence[Spec]
) -> np.ndarray:
    """``indicator → {code: value}`` as a ``len(codes) × len(specs)`` matrix (NaN = missing)."""
    index = {c: i for i, c in enumerate(codes)}
    m = np.full((len(codes), len(specs)), np.nan)
    for j, s in enumerate(specs):
        for c, v in values.get(s.id, {}).items():
            i = index.get(c)
            if i is not None and v is not None:
                m[i, j] = v
    return m


def _percentiles(col: np.ndarray) -> np.ndarray:
    """Mid-rank percentiles (0–100) of the non-NaN values of ``col`` (NaN elsewhere)."""
    out = np.full(col.shape, np.nan)
    known = ~np.isnan(col)
    vals = col[known]
    n = vals.size
    if n == 0:
        return out
    if n == 1:
        out[known] = 50.0
        return out
    _, inverse, counts = np.unique(vals, return_inverse=True, return_counts=True)
    starts = np.cumsum(counts) - counts
    mean_rank = starts + (counts - 1) / 2
    out[known] = mean_rank[inverse] * (100.0 / (n - 1))
    return out


def score_matrix(
    specs: Sequence[Spec], weights: Weights, matrix: np.ndarray, rules: ReglesNotation | None = None
) -> ArrayResult:
    """Scores of every commune (row of ``matrix``) under the rules of ``domain.scoring``."""
    rules = rules or ReglesNotation()
    n = matrix.shape[0]
    minimum = rules.minimum(n)
    counts = np.count_nonzero(~np.isnan(matrix), axis=0)
    domains = tuple(dict.fromkeys(s.domaine for s in specs))
    classes = set()
    scores = np.full((n, len(domains)), np.nan)
    covs = np.zeros((n, len(domains)))
    for k, d in enumerate(domains):
        num = np.zeros(n)
        known = np.zeros(n)
        total = 0.0
        for j, s in enumerate(specs):
            if s.domaine != d or s.mode != "rang":
                continue
            w = weights.indicateurs.get(s.id, 0.0)
            total += w
            if counts[j] < minimum:
                continue
            classes.add(s.id)
            if w == 0:
                continue
            col = matrix[:, j]
            rank = _percentiles(col)
            need = np.where(col == 0, 0.0, rank) if s.sens > 0 else 100.0 - rank
            present = ~np.isnan(col)
            num += np.where(present, w * need, 0.0)
            known += np.where(present, w, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            scores[:, k] = np.where(known > 0, np.clip(num / known, 0.0, 100.0), np.nan)
        covs[:, k] = known / total if total > 0 else 0.0
    evalues = tuple(
        d
        for k, d in enumerate(domains)
        if weights.domaines.get(d, 0.0) > 0 and np.count_nonzero(~np.isnan(scores[:, k])) >= minimum
    )
    idx = [domains.index(d) for d in evalues]
    w_dom = np.array([weights.domaines[d] for d in evalues], dtype=float)
    w_total = w_dom.sum()
    if w_total > 0:
        cov = covs[:, idx] @ w_dom / w_total
        sub = scores[:, idx]
        has = ~np.isnan(sub)
        den = has @ w_dom
        num = np.where(has, sub, 0.0) @ w_dom
        with np.errstate(invalid="ignore", divide="ignore"):
            glob = np.where(den > 0, np.clip(num / den, 0.0, 100.0), np.nan)
        glob = np.where(cov >= rules.seuil_couverture - 1e-12, glob, np.nan)
    else:
        cov = np.zeros(n)
        glob = np.full(n, np.nan)
    return ArrayResult(domains, scores, covs, glob, cov, frozenset(classes), evalues)


def variantes_matrix(result: ScoringResult, facteur: float) -> Variantes:
    """``domain.robustesse.variantes`` with numpy: each variant is one :func:`score_matrix`
    run (a few milliseconds for the Lot instead of ~25 in pure Python)."""
    codes = list(result.communes)
    matrix = to_matrix(result._values, codes, result.specs)
    cles, columns = [], []
    for ident, sign, weights in moves(result, facteur):
        glob = score_matrix(result.specs, weights, matrix, result.rules).score_global
        cles.append((ident, sign))
        columns.append([None if np.isnan(g) else float(g) for g in glob])
    scores = {c: tuple(col[i] for col in columns) for i, c in enumerate(codes)}
    return Variantes(facteur, tuple(cles), scores)
