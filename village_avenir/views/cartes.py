"""Public département map, its table alternative and its exports (GeoJSON, CSV).

Every page takes ``couleur`` (a registered colouring, see ``maps/layers.py``) and ``epci``
(optional filter) as plain GET parameters: the selector is an ordinary form, usable with a
keyboard and without JavaScript.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_login import current_user

from ..db import get_session
from ..maps import colourings as _builtin  # noqa: F401  (registers the built-in ones)
from ..maps.departement import build_departement_map, display_shapes
from ..maps.export import SORTS, layer_csv, layer_geojson, layer_rows, sort_rows
from ..maps.layers import colouring, colourings
from ..web.auth import login_manager

bp = Blueprint("cartes", __name__, url_prefix="/carte")


def _map():
    """The map asked for by the query string, or a 400 with a French message."""
    code = request.args.get("couleur", "").strip()[:40] or colourings(current_user)[0].code
    epci = request.args.get("epci", "").strip()[:9] or None
    chosen = colouring(code)
    if not chosen.visible_to(current_user):
        if not current_user.is_authenticated:
            abort(login_manager.unauthorized())
        abort(403, description="Cette coloration est réservée aux agents du Département.")
    return build_departement_map(get_session(), chosen, epci)


def _context(dm, **extra):
    sources = sorted({(v.source, v.year or "") for v in dm.classified.values.values()})
    epcis = display_shapes(get_session()).epcis()
    return {
        "carte": dm,
        "colourings": colourings(current_user),
        "epcis": epcis,
        "epci_nom": dict(epcis).get(dm.epci or ""),
        "sources": sources,
        "params": {"couleur": dm.colouring.code, **({"epci": dm.epci} if dm.epci else {})},
        **extra,
    }


@bp.get("")
def departement():
    dm = _map()
    return render_template("cartes/departement.html", **_context(dm))


@bp.get("/tableau")
def tableau():
    dm = _map()
    tri = request.args.get("tri", "nom")
    ordre = request.args.get("ordre", "asc")
    if tri not in SORTS or ordre not in ("asc", "desc"):
        abort(400, description="Tri inconnu : choisissez une colonne du tableau.")
    rows = sort_rows(layer_rows(dm), tri, ordre == "desc")
    return render_template(
        "cartes/tableau.html", **_context(dm, rows=rows, tri=tri, ordre=ordre, colonnes=SORTS)
    )


def _filename(dm, ext: str) -> str:
    epci = f"-{dm.epci}" if dm.epci else ""
    return f"communes-{current_app.config['DEPARTEMENT']}-{dm.colouring.code}{epci}.{ext}"


@bp.get("/communes.csv")
def export_csv():
    dm = _map()
    return Response(
        layer_csv(dm),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{_filename(dm, "csv")}"'},
    )


@bp.get("/communes.geojson")
def export_geojson():
    dm = _map()
    body = layer_geojson(get_session(), dm, current_app.config["DEPARTEMENT"])
    return Response(
        body,
        mimetype="application/geo+json",
        headers={"Content-Disposition": f'attachment; filename="{_filename(dm, "geojson")}"'},
    )
