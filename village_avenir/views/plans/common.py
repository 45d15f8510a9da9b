"""Helpers shared by the plan views: access checks and the page context (the action
catalogue is ``parametres.load_catalogue_actions()``)."""

from __future__ import annotations

import json

import shapely
from flask import abort, current_app
from flask_login import current_user

from ...db import get_session
from ...domain.nombres import format_euros
from ...domain.planning import (
    DOMAINES,
    DUREES,
    HORIZONS,
    STATUTS,
    CatalogueActions,
)
from ...domain.planning_costs import alternatives, plan_totals, total_range
from ...formatting import compte, date_locale, de_commune
from ...maps.patrimoine import add_patrimoine, legend
from ...maps.plan import COULEURS, TIRETS, map_parts, plan_map
from ...models import Commune
from ...parametres import load_capacites, load_catalogue_actions
from ...services import plans as service
from ...web import auth
from ...web.http import plan_tiles
from ..patrimoine.common import map_items


def can_edit() -> bool:
    return auth.is_departement(current_user)


def commune_or_404(code: str) -> Commune:
    """The commune, after checking the current user may see its plan."""
    auth.require_commune_access(code)
    commune = get_session().get(Commune, code)
    if commune is None:
        abort(404, description=f"Commune {code} inconnue.")
    return commune


def action_view(a, cat: CatalogueActions) -> dict:
    """One plan action as the templates, the map and the exports need it."""
    financeurs = cat.funder_labels(json.loads(a.financeurs or "[]"))
    cout = (
        f"{format_euros(a.cout_min)} à {format_euros(a.cout_max)}"
        if a.cout_min is not None
        else "non estimé"
    )
    geom = shapely.from_wkb(a.geometry) if a.geometry else None
    besoin = a.besoin_libelle + (
        f" (intensité {a.intensite}/100)" if a.intensite is not None else ""
    )
    return {
        "row": a,
        "cle": a.cle,
        "libelle": a.libelle,
        "horizon": a.horizon,
        "geometry": geom,
        "cout": cout,
        "financeurs": financeurs,
        "besoin": besoin,
        "details": {
            "Horizon": f"{HORIZONS[a.horizon]} ({DUREES[a.horizon]})",
            "Domaine": DOMAINES.get(a.domaine, a.domaine),
            "Besoin": besoin,
            "Source du besoin": a.source_besoin,
            "Budget": format_euros(a.budget),
            "Coût indicatif": cout,
            "Porteur": a.porteur or "non désigné",
            "Statut": STATUTS.get(a.statut, a.statut),
            "Financeurs possibles": ", ".join(financeurs),
        },
    }


def summary(commune: Commune, version, items: list[dict]) -> str:
    """The one-sentence text summary of a plan (also the map's text alternative)."""
    if version is None:
        return f"{commune.nom} n'a pas encore de plan stratégique."
    counts = [sum(1 for a in items if a["horizon"] == h) for h in HORIZONS]
    placed = sum(1 for a in items if a["geometry"] is not None)
    budgets = [a["row"].budget for a in items if a["row"].budget is not None]
    budget = (
        f"budget fixé {format_euros(sum(budgets))} sur {compte(len(budgets), 'action')}"
        if budgets
        else "aucun budget fixé"
    )
    return (
        f"Le plan {de_commune(commune.nom)} (version {version.numero} du "
        f"{date_locale(version.cree_le)}) compte {compte(len(items), 'action')} : "
        f"{counts[0]} à court terme, {counts[1]} à moyen terme, {counts[2]} à long terme ; "
        f"{compte(placed, 'placée')} sur la carte ; {budget}."
    )


def map_context(commune: Commune) -> dict:
    """The town hall and the base map (when turned on) of a commune's plan map."""
    cfg = current_app.config
    url = plan_tiles(cfg)
    return {
        "mairie": shapely.from_wkb(commune.mairie) if commune.mairie else None,
        "mairie_adresse": commune.mairie_adresse,
        "fond": (url, cfg["CARTE_PLAN_FOND_ATTRIBUTION"]) if url else None,
    }


def page_context(commune: Commune, version) -> dict:
    session = get_session()
    cat = load_catalogue_actions()
    items = [action_view(a, cat) for a in service.actions_of(session, version)]
    geom = shapely.from_wkb(commune.geometry) if commune.geometry else None
    m = plan_map(commune.nom, geom, items, **map_context(commune))
    heritage = map_items(session, commune.code_insee)  # issue 22: the validated inventory
    if heritage:
        add_patrimoine(m, heritage)
    carte = map_parts(m)
    totals = {}
    for h in HORIZONS:
        group = [a for a in items if a["horizon"] == h]
        lo, hi, known, unknown = total_range((a["row"].cout_min, a["row"].cout_max) for a in group)
        totals[h] = {
            "budget": sum(a["row"].budget or 0 for a in group),
            "fixes": sum(1 for a in group if a["row"].budget is not None),
            "n": len(group),
            "cout": (lo, hi, known, unknown),
        }
    lo, hi, known, unknown = total_range((a["row"].cout_min, a["row"].cout_max) for a in items)
    # per inhabitant, against the reference capacity of the commune's size band (issue 21 n° 2)
    capacite = plan_totals(
        ((a["horizon"], a["row"].cout_min, a["row"].cout_max) for a in items),
        commune.population,
        load_capacites(),
    )
    choix = {a.id: a.choix for a in cat.actions}
    taken = [a["row"].action_id for a in items]
    for a in items:
        a["alternatives"] = [cat.action(x) for x in alternatives(a["row"].action_id, choix, taken)]
    return {
        "commune": commune,
        "version": version,
        "items": items,
        "carte": carte,
        "patrimoine_legende": legend() if heritage else None,
        "totaux": totals,
        "cout_total": {"min": lo, "max": hi, "estimees": known, "non_estimees": unknown},
        "capacite": capacite,
        "resume": summary(commune, version, items),
        "besoins": json.loads(version.besoins) if version else [],
        "catalogue": cat,
        "horizons": HORIZONS,
        "durees": DUREES,
        "couleurs": COULEURS,
        "tirets": TIRETS,
        "statuts": STATUTS,
        "euros": format_euros,
        "versions": service.list_versions(session, commune.code_insee),
        "peut_modifier": can_edit(),
    }
