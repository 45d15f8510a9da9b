"""What the projet stratégique templates read: the projet's texts, each action's fiche with its
financing plan, the validation and the follow-up statuses (page, PDF, follow-up page)."""

from __future__ import annotations

import shapely
from flask_login import current_user

from ...db import get_session
from ...domain.dates import as_utc
from ...domain.financement import without_urls
from ...domain.nombres import format_euros
from ...domain.planning import DUREES
from ...domain.projet import STATUTS_SUIVI
from ...formatting import local
from ...forms.plans_projet import DeliberationPlanForm, ValidationForm
from ...maps.plan_svg import plan_map_svg
from ...models import utcnow
from ...parametres import load_catalogue_actions, load_financements
from ...services import plans as service
from ...services.plans import fiches, suivi, validation
from ...web import auth


def projet_context(commune, version) -> dict:
    """The projet of ``version`` (written or proposed), its fiches and where it stands."""
    session = get_session()
    cat = load_catalogue_actions()
    fin = load_financements()
    projet, ecrit = fiches.effective_projet(session, version, cat)
    depuis = local(as_utc(version.validee_le or utcnow())).year
    statuts = suivi.statuts(session, commune.code_insee)
    cartes = []
    fiches_vues = []
    for n, a in enumerate(service.actions_of(session, version), 1):
        fiche, plan = fiches.effective_fiche(a, fin, depuis)
        current = statuts.get(a.cle)
        fiches_vues.append(
            {
                "numero": n,
                "row": a,
                "fiche": fiche,
                "plan": plan,
                "statut": STATUTS_SUIVI[current.statut if current else a.statut],
                "statut_entree": current,
                "montant_base": "budget fixé" if a.budget is not None else "haut de la fourchette",
            }
        )
        if a.geometry:
            cartes.append((n, a.horizon, shapely.from_wkb(a.geometry)))
    contour = shapely.from_wkb(commune.geometry) if commune.geometry else None
    return {
        "projet": projet,
        "projet_ecrit": ecrit,
        "fiches": fiches_vues,
        "financements": fin,
        "euros": format_euros,
        "durees": DUREES,
        "src": without_urls,  # the PDF shows the addresses (``src`` = identity there)
        "statuts_suivi": STATUTS_SUIVI,
        "carte_svg": plan_map_svg(commune.nom, contour, cartes),
        "validee": validation.last_validated(session, commune.code_insee),
    }


def plan_page_extras(commune, version) -> dict:
    """The projet section, validation and deliberation forms of the plan page."""
    if version is None:
        return {}
    ctx = projet_context(commune, version)
    del ctx["euros"], ctx["durees"]  # already in the plan page's context
    ctx["validation_form"] = ValidationForm(version=str(version.numero))
    # the follow-up's current statuses, shown in the plan's table (``_tableau.html``)
    ctx["statuts_courants"] = {
        f["row"].cle: f["statut_entree"] for f in ctx["fiches"] if f["statut_entree"] is not None
    }
    may_attach = auth.can_access_commune(current_user, commune.code_insee)
    ctx["deliberation_form"] = DeliberationPlanForm() if may_attach else None
    return ctx
