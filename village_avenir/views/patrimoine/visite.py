"""The on-site visit page (engineers, a phone at 390 px, with or without signal), the list of
a commune's saved visits (read-only for the commune), and the service worker.

The visit page is a shell that works offline: ``static/js/visite.js`` keeps each entry and
its reduced photos in the browser (``static/js/conserve.js``, keys
``<compte>|visite|<client_uid>``) and sends them through ``synchronisation.py`` when the network
returns. ``static/js/sw-visite.js`` is served from ``/patrimoine/visite/sw.js`` so that its
scope is ``/patrimoine/visite/`` (a worker controls only the pages under its own path): it
keeps the page and its files for a visit without signal.
"""

from __future__ import annotations

import json

from flask import abort, current_app, render_template, send_from_directory, url_for
from flask_login import current_user

from ...db import get_session
from ...domain import visite as limites
from ...domain.patrimoine import ETATS, PARTICIPANTS, PROPRIETAIRES, PROTECTIONS, TYPES, USAGES
from ...models import Commune
from ...services.patrimoine.releves import elements_of, photos_of, visites_of
from ...web.auth import is_departement, require_commune_access, role_required
from .blueprint_visite import bp


def _commune(code: str) -> Commune:
    commune = get_session().get(Commune, code) if len(code) == 5 else None
    if commune is None:
        abort(404, description=f"Aucune commune n'a le code {code}.")
    return commune


@bp.get("/<code>")
@role_required("ingenieur")
def page(code: str):
    commune = _commune(code)
    return render_template(
        "patrimoine/visite.html",
        commune=commune,
        types=TYPES,
        protections=PROTECTIONS,
        proprietaires=PROPRIETAIRES,
        etats=ETATS,
        usages=USAGES,
        participants=PARTICIPANTS,
        limites=limites,
        connexion=url_for("auth.connexion", suivant=url_for(".page", code=code)),
    )


@bp.get("/<code>/enregistrees")
def liste(code: str):
    require_commune_access(code)
    commune = _commune(code)
    session = get_session()
    visites = visites_of(session, code)
    elements = elements_of(session, [v.id for v in visites])
    photos = photos_of(session, [e.id for e in elements])
    par_visite = {v.id: [e for e in elements if e.visite_id == v.id] for v in visites}
    par_element = {e.id: [p for p in photos if p.element_id == e.id] for e in elements}
    return render_template(
        "patrimoine/visites.html",
        commune=commune,
        visites=visites,
        par_visite=par_visite,
        par_element=par_element,
        participants_de={
            v.id: [PARTICIPANTS.get(p, p) for p in json.loads(v.participants)] for v in visites
        },
        types=TYPES,
        protections=PROTECTIONS,
        proprietaires=PROPRIETAIRES,
        etats=ETATS,
        usages=USAGES,
        ingenieur=is_departement(current_user),
    )


@bp.get("/sw.js")
def service_worker():
    """The worker script, from a path whose scope covers the visit pages; never cached long
    (a new version must reach the phones)."""
    response = send_from_directory(
        current_app.static_folder, "js/sw-visite.js", mimetype="text/javascript", max_age=0
    )
    response.headers["Cache-Control"] = "no-cache"
    return response
