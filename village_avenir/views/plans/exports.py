"""Plan exports keyed by INSEE code: GeoJSON, CSV, and the print-ready A4 page.

Same permissions as the plan page (private: engineers, admins, the commune's own users).
CSV: UTF-8 with BOM, ``;`` separator (opens as columns in French spreadsheets).
"""

from __future__ import annotations

from flask import Response, abort, jsonify, render_template
from shapely.geometry import mapping

from ...db import get_session
from ...exports import csv_text
from ...parametres import load_catalogue_actions
from ...services import plans as service
from .blueprint import bp
from .common import commune_or_404, page_context

COLUMNS = [
    "code_insee", "commune", "version", "version_date", "cle", "action_id", "libelle",
    "domaine", "besoin", "besoin_libelle", "intensite", "source_besoin", "horizon",
    "cout_min", "cout_max", "budget", "porteur", "statut", "financeurs", "catalogue",
]  # fmt: skip


def _plan_rows(code: str):
    commune = commune_or_404(code)
    version = service.current_version(get_session(), code)
    if version is None:
        abort(404, description=f"{commune.nom} n'a pas encore de plan stratégique.")
    ctx = page_context(commune, version)
    rows = []
    for item in ctx["items"]:
        a = item["row"]
        rows.append(
            (
                {
                    "code_insee": commune.code_insee,
                    "commune": commune.nom,
                    "version": version.numero,
                    "version_date": version.cree_le.date().isoformat(),
                    "cle": a.cle,
                    "action_id": a.action_id,
                    "libelle": a.libelle,
                    "domaine": a.domaine,
                    "besoin": a.besoin,
                    "besoin_libelle": a.besoin_libelle,
                    "intensite": a.intensite,
                    "source_besoin": a.source_besoin,
                    "horizon": a.horizon,
                    "cout_min": a.cout_min,
                    "cout_max": a.cout_max,
                    "budget": a.budget,
                    "porteur": a.porteur,
                    "statut": a.statut,
                    "financeurs": item["financeurs"],
                    "catalogue": version.catalogue_version,
                },
                item["geometry"],
            )
        )
    return commune, version, rows


def _filename(code: str, version, ext: str) -> str:
    return f'attachment; filename="plan-{code}-v{version.numero}.{ext}"'


@bp.get("/communes/<code>/plan.geojson")
def export_geojson(code: str):
    commune, version, rows = _plan_rows(code)
    features = [
        {
            "type": "Feature",
            "id": f"{code}-{p['cle']}",
            "properties": p,
            "geometry": mapping(g) if g is not None else None,
        }
        for p, g in rows
    ]
    body = {
        "type": "FeatureCollection",
        "code_insee": code,
        "source": f"Village A-Venir, plan stratégique de {commune.nom}, version {version.numero}",
        "features": features,
    }
    response = jsonify(body)
    response.mimetype = "application/geo+json"
    response.headers["Content-Disposition"] = _filename(code, version, "geojson")
    return response


@bp.get("/communes/<code>/plan.csv")
def export_csv(code: str):
    _, version, rows = _plan_rows(code)
    lines = (
        [
            *(" | ".join(p[c]) if c == "financeurs" else p[c] for c in COLUMNS),
            g.wkt if g is not None else "",
        ]
        for p, g in rows
    )
    return Response(
        csv_text([*COLUMNS, "geometrie_wkt"], lines),
        mimetype="text/csv",
        headers={"Content-Disposition": _filename(code, version, "csv")},
    )


@bp.get("/communes/<code>/plan/impression")
def impression(code: str):
    commune = commune_or_404(code)
    version = service.current_version(get_session(), code)
    if version is None:
        abort(404, description=f"{commune.nom} n'a pas encore de plan stratégique.")
    cat = load_catalogue_actions()
    return render_template(
        "plans/impression.html", **page_context(commune, version), reference_catalogue=cat.reference
    )
