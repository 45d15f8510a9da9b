"""The one ranking of the diagnosis (sheet, ranking page, CSV, maps): eligibility of today
under the rules in force, scores of the latest snapshot, rules of ``domain.ranking``.

:func:`classement_rows` gives the ranking page and its CSV the same rows, filtered by EPCI
and population band (``domain.tranches``), each commune keeping its département-wide rank.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

from sqlmodel import Session

from ...domain.eligibilite import Rules
from ...domain.ranking import Classement, filter_classement, rank, rank_ranges
from ...domain.tranches import in_band
from ..eligibilite import Assessment, assess_all
from .instantanes import CommuneScores, latest_scores

__all__ = ["ClassementFiltre", "LigneClassement", "classement", "classement_rows"]


def classement(
    session: Session, rules: Rules, scores: dict[str, CommuneScores] | None = None
) -> tuple[Classement, list, dict[str, CommuneScores]]:
    """(ranking, assessments of every commune, scores) — one rank definition everywhere; the
    ranking carries each ranked commune's range of ranks under weights moved by ±50 %."""
    if scores is None:
        scores = latest_scores(session)
    assessments = assess_all(session, rules)
    entries = []
    for a in assessments:
        s = scores.get(a.commune.code_insee)
        entries.append((a.commune.code_insee, s.score_global if s else None, a.eligibility.statut))
    ranking = rank(entries)
    variants = {code: s.variantes for code, s in scores.items()}
    return replace(ranking, plages=rank_ranges(ranking, variants)), assessments, scores


class LigneClassement(NamedTuple):
    """One commune of the ranking page: unpacks as (assessment, scores, rank, flagged)."""

    assessment: Assessment
    scores: CommuneScores | None
    rang: int | None  # None: « données insuffisantes »
    a_verifier: bool


@dataclass(frozen=True)
class ClassementFiltre:
    """Rows of the ranking page (ranked, then apart) under the filters as understood."""

    lignes: list[LigneClassement]
    apart: list[LigneClassement]  # eligible or à vérifier, without a global score
    classement: Classement
    epci: str | None
    tranche: str | None


def classement_rows(
    session: Session, rules: Rules, *, epci: str | None = None, tranche: str | None = None
) -> ClassementFiltre:
    """The ranking's rows kept by the filters as typed (an EPCI code, a population band key;
    blank means none), each with its département-wide rank."""
    epci = (epci or "").strip()[:9] or None
    tranche = (tranche or "").strip() or None
    ranking, assessments, scores = classement(session, rules)
    by_code = {a.commune.code_insee: a for a in assessments}

    def keep(code: str) -> bool:
        commune = by_code[code].commune
        return (epci is None or commune.epci_code == epci) and in_band(commune.population, tranche)

    def row(code: str) -> LigneClassement:
        flagged = code in ranking.a_verifier
        return LigneClassement(by_code[code], scores.get(code), ranking.rang(code), flagged)

    ranked, apart = filter_classement(ranking, keep)
    return ClassementFiltre(
        [row(c) for c in ranked], [row(c) for c in apart], ranking, epci, tranche
    )
