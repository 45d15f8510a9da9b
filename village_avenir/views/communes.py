"""Public pages: the list of communes and each commune's eligibility sheet."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from .. import repository as repo
from .. import services
from ..db import get_session
from ..domain.eligibilite import STATUTS
from ..parametres import load_reglement, load_regles
from ..web.auth import can_access_commune, is_departement
from . import fiche_cache
from .common import journal_lines
from .sections import SaisieRefusee, build_sections

bp = Blueprint("communes", __name__)


@bp.get("/communes")
def liste():
    session = get_session()
    q = request.args.get("q", "").strip()[:100]
    epci = request.args.get("epci", "").strip()[:9] or None
    statut = request.args.get("statut", "").strip()
    if statut and statut not in STATUTS:
        abort(400, description="Statut inconnu : choisissez éligible, non éligible ou à vérifier.")
    items = services.assess_all(session, load_regles(), q or None, epci)
    if statut in STATUTS:
        items = [a for a in items if a.eligibility.statut == statut]
    return render_template(
        "communes/liste.html",
        items=items,
        q=q,
        epci=epci,
        statut=statut,
        statuts=STATUTS,
        epcis=repo.list_epcis(session),
        regles=load_regles(),
        anciennes=repo.former_communes(session, q) if q else {},
    )


# What anyone may see of a commune's history: the referential and the scheme memberships
# behind its eligibility. Applications, diagnosis and plan entries are shown only to users
# who may act on the commune, and authors' names only to Département staff.
PUBLIC_HISTORY = ("commune", "commune_deleguee", "epci", "adhesion")


def _history(session, code: str) -> dict:
    private = can_access_commune(current_user, code)
    entries = repo.journal_for(session, code, limit=30, objets=None if private else PUBLIC_HISTORY)
    staff = is_departement(current_user)
    lines = journal_lines(entries, lambda e: e.qui if staff else None)
    return {"journal": lines, "montrer_auteurs": staff}


def render_sheet(session, code: str, saisie: SaisieRefusee | None = None) -> tuple[str, bool]:
    """(the commune's sheet as HTML, whether any section shows). ``saisie``: a form of a
    section that the service refused, shown beside that form with what was typed."""
    assessment = services.assess(session, load_regles(), code, load_reglement())
    sections = build_sections(session, assessment, saisie)
    page = render_template(
        "communes/fiche.html",
        a=assessment,
        regles=load_regles(),
        **_history(session, assessment.commune.code_insee),
        sections=sections,
    )
    return page, bool(sections)


def refused_sheet(code: str, saisie: SaisieRefusee):
    """The answer to a refused form of the sheet: the sheet again, status 400."""
    page, _ = render_sheet(get_session(), code, saisie)
    return page, 400


@bp.get("/communes/<code>")
def fiche(code: str):
    session = get_session()
    key = fiche_cache.public_key(session, code, PUBLIC_HISTORY)
    if (cached := fiche_cache.cached_page(key)) is not None:
        return cached
    page, with_sections = render_sheet(session, code)
    if key is not None and not with_sections:
        return fiche_cache.keep_page(key, page)
    return page
