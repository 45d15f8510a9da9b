"""How solid a rank is: the global scores again with each weight moved by ±50 %, one at a time
(issue 24, point 4).

For every weight in play — each ranked indicator with a positive weight in a domain that enters
the global need, and each such domain's weight when at least two domains enter it — the
scores are recombined with that one weight multiplied by (1 − f) and by (1 + f), f = 0.5 by
default (``ponderations.toml``, ``variation_poids``). Percentile ranks do not depend on the
weights, so only :func:`~.scoring.aggregate` runs again (milliseconds for the Lot).

``domain/ranking.py`` (:func:`~.ranking.rank_ranges`) ranks each variant among the same
communes and gives each ranked commune the lowest and highest rank it takes: a commune whose
range is narrow has a solid rank; a wide one depends on the chosen weights.
"""

from __future__ import annotations

from dataclasses import dataclass

from .scoring import ScoringResult, Weights, aggregate

__all__ = ["FACTEUR", "Variantes", "in_play", "moved_weights", "moves", "variantes"]

FACTEUR = 0.5


@dataclass(frozen=True)
class Variantes:
    """Global scores under each moved weight: ``cles[k]`` (« poids:−50 % ») ↔
    ``scores[code][k]`` (None: coverage under the threshold in that variant)."""

    facteur: float
    cles: tuple[tuple[str, str], ...]  # (indicator or domain id, "-" or "+")
    scores: dict[str, tuple[float | None, ...]]


def moved_weights(weights: Weights, ident: str, domaine: bool, factor: float) -> Weights:
    """``weights`` with one indicator's (or one domain's) weight multiplied by ``factor``."""
    if domaine:
        doms = {**weights.domaines, ident: weights.domaines[ident] * factor}
        return Weights(weights.indicateurs, doms, weights.normalisation)
    inds = {**weights.indicateurs, ident: weights.indicateurs[ident] * factor}
    return Weights(inds, weights.domaines, weights.normalisation)


def in_play(result: ScoringResult) -> list[tuple[str, bool]]:
    """(id, is a domain) of every weight whose change can move a global score."""
    w = result.weights
    out = [
        (s.id, False)
        for s in result.specs
        if s.id in result.classes
        and s.domaine in result.evalues
        and w.indicateurs.get(s.id, 0.0) > 0
    ]
    if len(result.evalues) > 1:
        out += [(d, True) for d in result.evalues]
    return out


def check_facteur(facteur: float) -> None:
    if not 0 < facteur < 1:
        raise ValueError("la variation des poids doit être comprise entre 0 et 1 (exclus).")


def moves(result: ScoringResult, facteur: float) -> list[tuple[str, str, Weights]]:
    """(id, "-" or "+", moved weights) of every variant, in a fixed order."""
    check_facteur(facteur)
    return [
        (ident, sign, moved_weights(result.weights, ident, domaine, factor))
        for ident, domaine in in_play(result)
        for sign, factor in (("-", 1 - facteur), ("+", 1 + facteur))
    ]


def variantes(result: ScoringResult, facteur: float = FACTEUR) -> Variantes:
    """Every weight in play moved by −``facteur`` and +``facteur``, one at a time (reference
    implementation; ``scoring_array.variantes_matrix`` computes the same with numpy)."""
    codes = list(result.communes)
    cles, columns = [], []
    for ident, sign, weights in moves(result, facteur):
        communes, _ = aggregate(
            result.specs, weights, result.rules, codes, result._values, result._ranks
        )
        cles.append((ident, sign))
        columns.append({c: r.score_global for c, r in communes.items()})
    scores = {c: tuple(col[c] for col in columns) for c in codes}
    return Variantes(facteur, tuple(cles), scores)
