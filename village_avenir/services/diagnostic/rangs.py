"""The one ranking of the diagnosis (sheet, ranking page, CSV, maps): eligibility of today
under the rules in force, scores of the latest snapshot, rules of ``domain.ranking``."""

from __future__ import annotations

from sqlmodel import Session

from ...domain.eligibilite import Rules
from ...domain.ranking import Classement, rank
from ..eligibilite import assess_all
from .instantanes import CommuneScores, latest_scores

__all__ = ["classement"]


def classement(
    session: Session, rules: Rules, scores: dict[str, CommuneScores] | None = None
) -> tuple[Classement, list, dict[str, CommuneScores]]:
    """(ranking, assessments of every commune, scores) — one rank definition everywhere."""
    if scores is None:
        scores = latest_scores(session)
    assessments = assess_all(session, rules)
    entries = []
    for a in assessments:
        s = scores.get(a.commune.code_insee)
        entries.append((a.commune.code_insee, s.score_global if s else None, a.eligibility.statut))
    return rank(entries), assessments, scores
