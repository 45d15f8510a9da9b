"""Helpers shared by the candidatures and instruction blueprints."""

from __future__ import annotations

from flask import abort, g
from flask_login import current_user

from ... import services
from ...db import get_session
from ...domain.eligibilite import RESPECTE
from ...domain.roles import COMMUNE
from ...models import Campagne, Candidature, Commune
from ...parametres import load_parametres_candidature, load_regles
from ...services.candidatures import avis as avis_svc
from ...services.candidatures import dossiers as svc
from ...services.candidatures import echanges
from ...services.commission import seance as commission_svc
from ...web.auth import require_commune_access


def load_candidature(cid: int) -> tuple[Candidature, Campagne]:
    """The application, if the current user may see it (404 / 403 / login otherwise)."""
    session = get_session()
    cand = session.get(Candidature, cid)
    if cand is None:
        abort(404, description="Cette candidature n'existe pas.")
    require_commune_access(cand.code_insee)
    g.commune = session.get(Commune, cand.code_insee)  # for the page titles
    return cand, session.get(Campagne, cand.campagne_id)


def candidature_context(cand: Candidature, campagne: Campagne, *, avec_notes: bool) -> dict:
    """What both application pages show: content, exchanges (private notes only for the
    Département's page), the engineer's opinion (for the commune only once decided) and
    what is still missing."""
    avis = avis_svc.avis_of(get_session(), cand)
    return {
        "avis": avis if avis and avis_svc.visible_to(cand, current_user.role) else None,
        "avis_libelles": avis_svc.AVIS,
        "decisions_commission": commission_svc.decisions_for(get_session(), cand),
        "decisions_libelles": commission_svc.DECISIONS,
        "cand": cand,
        "commune": g.commune,
        "campagne": campagne,
        "contenu": svc.contenu_of(cand),
        "parametres": load_parametres_candidature(),
        "echanges": echanges.list_echanges(get_session(), cand, avec_notes=avec_notes),
        "genres": echanges.GENRES,
        "manques": svc.missing(cand),
    }


def require_commune_role() -> None:
    """Only the commune's own users act as the applicant (not the Département)."""
    if current_user.role != COMMUNE:
        abort(403, description="Seuls les comptes de la commune modifient leur candidature.")


def eligibility_of(code_insee: str, campagne: Campagne | None = None):
    """(assessment, status code, reasons of the criteria not met), judged by the rules version
    the campaign names (at that version's date), or the current rules without a campaign.

    Computed once per request and commune/rules version (kept on ``flask.g``): a page asking
    twice (the form shown again after a refused save…) does not assess the commune twice."""
    version = campagne.regles_version if campagne else None
    cache = g.setdefault("eligibilites", {})
    key = (code_insee, version)
    if key not in cache:
        assessment = services.assess(get_session(), load_regles(version), code_insee)
        raisons = [c.raison for c in assessment.eligibility.criteres if c.statut != RESPECTE]
        cache[key] = (assessment, assessment.eligibility.statut, raisons)
    return cache[key]
