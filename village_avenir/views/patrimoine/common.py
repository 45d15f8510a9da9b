"""Helpers shared by the inventory views: access, one item as the pages and the map show it."""

from __future__ import annotations

import folium
import shapely
from flask import abort
from flask_login import current_user
from sqlmodel import select

from ...db import get_session
from ...domain.nombres import format_decimal, format_euros
from ...domain.patrimoine import ETATS, PROPRIETAIRES, PROTECTIONS, SOURCES, STATUTS, TYPES, USAGES
from ...formatting import date_locale
from ...maps.assets import local_map
from ...maps.patrimoine import add_patrimoine
from ...maps.plan import map_parts
from ...models import Commune, PatrimoineElement, PatrimoinePhoto
from ...services import patrimoine as service
from ...web import auth

__all__ = [
    "can_edit",
    "commune_or_404",
    "element_view",
    "inventory_map",
    "map_items",
    "photos_of",
]


def commune_or_404(code: str) -> Commune:
    """The commune, after checking the current user may see its inventory (Département staff,
    or the commune's own accounts; the public sees none of it)."""
    auth.require_commune_access(code)
    commune = get_session().get(Commune, code)
    if commune is None:
        abort(404, description=f"Commune {code} inconnue.")
    return commune


def can_edit() -> bool:
    return auth.is_departement(current_user)


def _type(row: PatrimoineElement) -> str:
    label = TYPES.get(row.type, row.type)
    return f"{label} ({row.type_autre})" if row.type == "autre" and row.type_autre else label


def _cout(row: PatrimoineElement) -> str:
    if row.cout_min is None and row.cout_max is None:
        return "non estimé"
    if row.cout_min is not None and row.cout_max is not None and row.cout_min != row.cout_max:
        return f"{format_euros(row.cout_min)} à {format_euros(row.cout_max)}"
    return format_euros(row.cout_min if row.cout_min is not None else row.cout_max)


def element_view(row: PatrimoineElement, photos: list[PatrimoinePhoto] = ()) -> dict:
    """One item for the pages, the map popups and the exports (labels, not codes)."""
    if row.date_etat:
        constat = f"état constaté le {date_locale(row.date_etat)}"
    else:
        constat = "date du constat inconnue"
    place = (
        f"{format_decimal(row.longitude, 5)} ; {format_decimal(row.latitude, 5)}"
        if row.longitude is not None
        else "non placé"
    )
    return {
        "row": row,
        "nom": row.nom,
        "etat": row.etat,
        "longitude": row.longitude,
        "latitude": row.latitude,
        "photos": list(photos),
        "details": {
            "Type": _type(row),
            "Protection": PROTECTIONS.get(row.protection, row.protection),
            "Propriétaire": PROPRIETAIRES.get(row.proprietaire, row.proprietaire),
            "État": f"{ETATS.get(row.etat, row.etat)}, {constat}",
            "Usage": USAGES.get(row.usage, row.usage),
            "Coût estimé": _cout(row),
            "Position (longitude ; latitude)": place,
            "Source": SOURCES.get(row.source, row.source)
            + (f" — {row.source_detail}" if row.source_detail else ""),
            "Statut": STATUTS.get(row.statut, row.statut),
        },
    }


def photos_of(session, ids: list[int]) -> dict[int, list[PatrimoinePhoto]]:
    out: dict[int, list[PatrimoinePhoto]] = {}
    if not ids:
        return out
    stmt = select(PatrimoinePhoto).where(PatrimoinePhoto.element_id.in_(ids))
    for p in session.exec(stmt.order_by(PatrimoinePhoto.id)).all():
        out.setdefault(p.element_id, []).append(p)
    return out


def map_items(session, code: str) -> list[dict]:
    """The validated items of a commune as the maps show them (the plan map too)."""
    return [element_view(r) for r in service.list_elements(session, code)]


def inventory_map(commune: Commune, items: list[dict]):
    """The inventory map: the commune outline and its placed items (one layer, legend in the
    page)."""
    m = local_map(location=[44.6, 1.6], zoom_start=12, height=400, control_scale=False)
    if commune.geometry is not None:
        geom = shapely.from_wkb(commune.geometry)
        folium.GeoJson(
            shapely.geometry.mapping(shapely.set_precision(geom, 1e-5)),
            style_function=lambda _f: {"color": "#333333", "weight": 2, "fillOpacity": 0.05},
            control=False,
        ).add_to(m)
        minx, miny, maxx, maxy = geom.bounds
        m.fit_bounds([[miny, minx], [maxy, maxx]])
    add_patrimoine(m, items)
    folium.LayerControl(collapsed=False).add_to(m)
    return map_parts(m)
