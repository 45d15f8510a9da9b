"""The ranking rules of the diagnosis: one rank definition for the sheet, the ranking page,
its CSV and the maps.

- Communes « éligible » and « à vérifier » are ranked together (the latter flagged: they may
  apply); non-eligible communes get no rank.
- A commune without a global score (coverage under the threshold: « données insuffisantes »)
  gets no rank; it is listed apart.
- Order: decreasing global score, ties by INSEE code (deterministic); rank = position, so
  the text is always « rang n sur N communes éligibles ou à vérifier ».
- A filter (an EPCI, a population band) shows fewer communes, each with its rank in the
  whole département (:func:`filter_classement`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .eligibilite import A_VERIFIER, ELIGIBLE

__all__ = [
    "Classement",
    "RANKED_STATUSES",
    "filter_classement",
    "rank",
    "rank_ranges",
    "rank_text",
    "range_text",
]

RANKED_STATUSES = (ELIGIBLE, A_VERIFIER)


@dataclass(frozen=True)
class Classement:
    ordre: tuple[str, ...]  # ranked codes, best need first
    rangs: dict[str, int]  # code → rank (1 = highest need)
    insuffisants: tuple[str, ...]  # eligible or à vérifier, but no global score
    a_verifier: frozenset[str]  # flagged among ranked and insufficient
    # code → (best, worst) rank when each weight moves by ±50 % (:func:`rank_ranges`)
    plages: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.ordre)

    def rang(self, code: str) -> int | None:
        return self.rangs.get(code)


def rank(entries: Iterable[tuple[str, float | None, str]]) -> Classement:
    """``entries``: (code_insee, global score or None, eligibility status)."""
    ranked, apart, flagged = [], [], set()
    for code, score, statut in entries:
        if statut not in RANKED_STATUSES:
            continue
        if statut == A_VERIFIER:
            flagged.add(code)
        if score is None:
            apart.append(code)
        else:
            ranked.append((code, score))
    ranked.sort(key=lambda e: (-e[1], e[0]))
    ordre = tuple(c for c, _ in ranked)
    return Classement(
        ordre, {c: i + 1 for i, c in enumerate(ordre)}, tuple(sorted(apart)), frozenset(flagged)
    )


def filter_classement(
    classement: Classement, keep: Callable[[str], bool]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(ranked codes in rank order, « données insuffisantes » codes) that ``keep`` keeps; a
    kept commune's rank stays :meth:`Classement.rang`, its rank in the whole département."""
    return (
        tuple(c for c in classement.ordre if keep(c)),
        tuple(c for c in classement.insuffisants if keep(c)),
    )


def rank_text(classement: Classement, code: str) -> str:
    """The one French wording of a commune's rank (or why it has none)."""
    r = classement.rang(code)
    if r is not None:
        return f"rang {r} sur {classement.n} communes éligibles ou à vérifier"
    if code in classement.insuffisants:
        return "non classée : données insuffisantes"
    return "non classée : commune non éligible"


def rank_ranges(
    classement: Classement, variantes: Mapping[str, Sequence[float | None]]
) -> dict[str, tuple[int, int]]:
    """(lowest, highest) rank of each ranked commune over its own rank and its rank in each
    variant (``variantes``: code → global score in variant k, as made by
    ``domain/robustesse.py``), the variants ranked among the same communes by the same rule.
    A variant where a commune has no score (coverage under the threshold) is left out for it.
    """
    codes = [*classement.ordre, *classement.insuffisants]
    n = min((len(variantes.get(c, ())) for c in codes), default=0)
    if n == 0:  # no variants (a snapshot frozen before 2026-12-07): nothing to say
        return {}
    out = {c: [r, r] for c, r in classement.rangs.items()}
    for k in range(n):
        ordered = sorted(
            ((c, variantes[c][k]) for c in codes if variantes[c][k] is not None),
            key=lambda e: (-e[1], e[0]),
        )
        for position, (code, _) in enumerate(ordered, start=1):
            if code in out:
                lo_hi = out[code]
                lo_hi[0], lo_hi[1] = min(lo_hi[0], position), max(lo_hi[1], position)
    return {c: (lo, hi) for c, (lo, hi) in out.items()}


def range_text(classement: Classement, code: str) -> str:
    """« rang stable » or « entre les rangs 12 et 18 quand un poids varie de ±50 % »."""
    plage = classement.plages.get(code)
    if plage is None:
        return ""
    lo, hi = plage
    if lo == hi:
        return "rang inchangé quand un poids varie de ±50 %"
    return f"entre les rangs {lo} et {hi} quand un poids varie de ±50 %"
