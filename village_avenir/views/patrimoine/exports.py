"""Exports of a commune's validated inventory: GeoJSON (placed and unplaced items; an
unplaced item has ``geometry: null``) and CSV in the import layout, so that export → import
gives the same items (``sources/patrimoine.py``). Same permissions as the inventory page."""

from __future__ import annotations

from flask import Response, jsonify

from ...db import get_session
from ...domain.patrimoine import ETATS, PROPRIETAIRES, PROTECTIONS, TYPES, USAGES
from ...exports import csv_text
from ...services import patrimoine as service
from ...sources.patrimoine import COLONNES, COLONNES_OPTIONNELLES
from .blueprint import bp
from .common import commune_or_404


def _properties(row) -> dict:
    return {
        "nom": row.nom,
        "type": row.type,
        "type_libelle": TYPES.get(row.type, row.type),
        "type_autre": row.type_autre,
        "protection": row.protection,
        "protection_libelle": PROTECTIONS.get(row.protection, row.protection),
        "proprietaire": row.proprietaire,
        "proprietaire_libelle": PROPRIETAIRES.get(row.proprietaire, row.proprietaire),
        "etat": row.etat,
        "etat_libelle": ETATS.get(row.etat, row.etat),
        "usage": row.usage,
        "usage_libelle": USAGES.get(row.usage, row.usage),
        "date_visite": row.date_etat.isoformat() if row.date_etat else None,
        "cout_min": row.cout_min,
        "cout_max": row.cout_max,
        "source": row.source,
        "source_detail": row.source_detail,
        "ref_merimee": row.ref_merimee,
    }


@bp.get("/communes/<code>/patrimoine.geojson")
def export_geojson(code: str):
    commune = commune_or_404(code)
    rows = service.list_elements(get_session(), code)
    features = [
        {
            "type": "Feature",
            "id": f"{code}-{r.id}",
            "properties": _properties(r),
            "geometry": {"type": "Point", "coordinates": [r.longitude, r.latitude]}
            if r.longitude is not None
            else None,
        }
        for r in rows
    ]
    response = jsonify(
        {
            "type": "FeatureCollection",
            "code_insee": code,
            "source": f"Village A-Venir, inventaire du patrimoine de {commune.nom} (éléments validés)",
            "features": features,
        }
    )
    response.mimetype = "application/geo+json"
    response.headers["Content-Disposition"] = f'attachment; filename="patrimoine-{code}.geojson"'
    return response


def _line(row) -> list:
    return [
        row.code_insee,
        row.nom,
        row.type,
        row.protection,
        row.etat,
        row.longitude if row.longitude is not None else "",
        row.latitude if row.latitude is not None else "",
        row.date_etat.isoformat() if row.date_etat else "",
        row.source_detail,
        row.proprietaire,
        row.usage,
        row.type_autre or "",
        row.notes,
        "" if row.cout_min is None else row.cout_min,
        "" if row.cout_max is None else row.cout_max,
    ]


@bp.get("/communes/<code>/patrimoine.csv")
def export_csv(code: str):
    commune_or_404(code)
    rows = service.list_elements(get_session(), code)
    return Response(
        csv_text([*COLONNES, *COLONNES_OPTIONNELLES], (_line(r) for r in rows)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="patrimoine-{code}.csv"'},
    )
