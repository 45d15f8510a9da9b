"""Placing a plan action on the map: a point or an area that must lie inside its commune.

Input is a lon/lat pair or GeoJSON text (a geometry, a Feature, or a FeatureCollection of one
feature), in WGS84. The containment check runs in Lambert-93 (EPSG:2154) with a tolerance in
metres (default 50 m), so a point placed on the commune's (generalised) border is accepted.
"""

from __future__ import annotations

import json
import math
from functools import cache

import shapely
from pyproj import Transformer
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from .nombres import format_decimal
from .refus import Refus

__all__ = [
    "GEOJSON_MAX_CHARS",
    "TOLERANCE_M",
    "PlacementInvalide",
    "check_inside",
    "from_geojson_text",
    "from_lon_lat",
]

TOLERANCE_M = 50.0
GEOJSON_MAX_CHARS = 100_000
MAX_VERTICES = 2_000
ALLOWED = ("Point", "Polygon")


class PlacementInvalide(Refus, ValueError):
    """The geometry is unreadable, of the wrong kind, or outside the commune (French)."""


@cache
def _to_l93() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True)


def from_lon_lat(lon: float, lat: float) -> Point:
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise PlacementInvalide("Longitude et latitude doivent être des nombres.")
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise PlacementInvalide(
            "Coordonnées impossibles : la longitude va de -180 à 180, la latitude de -90 à 90 "
            "(degrés décimaux WGS84, par exemple 1,44 et 44,45)."
        )
    return Point(lon, lat)


def from_geojson_text(text: str) -> BaseGeometry:
    """The Point or Polygon described by ``text`` (GeoJSON, WGS84 lon/lat)."""
    if len(text) > GEOJSON_MAX_CHARS:
        raise PlacementInvalide(
            f"GeoJSON trop long ({len(text)} caractères, au plus {GEOJSON_MAX_CHARS})."
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlacementInvalide(
            f"GeoJSON illisible (ligne {exc.lineno}, colonne {exc.colno})."
        ) from exc
    except RecursionError as exc:
        raise PlacementInvalide("GeoJSON illisible : imbrication trop profonde.") from exc
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features") or []
        if len(features) != 1:
            raise PlacementInvalide(
                "La collection GeoJSON doit contenir exactement un objet "
                f"(elle en contient {len(features)})."
            )
        data = features[0]
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not isinstance(data, dict) or data.get("type") not in ALLOWED:
        kind = data.get("type") if isinstance(data, dict) else type(data).__name__
        raise PlacementInvalide(
            f"Géométrie « {kind} » non acceptée : indiquez un point (Point) ou une zone (Polygon)."
        )
    try:
        geom = shape(data)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise PlacementInvalide("Coordonnées GeoJSON mal formées.") from exc
    if geom.is_empty:
        raise PlacementInvalide("La géométrie est vide.")
    if shapely.get_num_coordinates(geom) > MAX_VERTICES:
        raise PlacementInvalide(f"Zone trop détaillée (plus de {MAX_VERTICES} sommets).")
    minx, miny, maxx, maxy = geom.bounds
    if not all(math.isfinite(v) for v in geom.bounds) or not (
        -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90
    ):
        raise PlacementInvalide(
            "Coordonnées hors des bornes WGS84 : le GeoJSON doit être en longitude/latitude."
        )
    if not geom.is_valid:
        raise PlacementInvalide(
            f"Zone invalide ({shapely.is_valid_reason(geom)}) : vérifiez que ses bords ne se "
            "croisent pas."
        )
    return geom


def check_inside(
    geom: BaseGeometry, commune: BaseGeometry, nom: str, tolerance_m: float = TOLERANCE_M
) -> None:
    """Raise PlacementInvalide unless ``geom`` lies in ``commune`` (WGS84) within the tolerance."""
    project = _to_l93().transform
    g93 = shapely.transform(geom, project, interleaved=False)
    c93 = shapely.transform(commune, project, interleaved=False)
    if g93.within(c93.buffer(tolerance_m)):
        return
    kind = "Le point" if geom.geom_type == "Point" else "La zone"
    distance = g93.distance(c93)
    if distance >= 1000:
        km = format_decimal(distance / 1000, 1)
        where = f"est hors de la commune de {nom} (à {km} km de la limite"
    elif distance > 0:
        where = f"est hors de la commune de {nom} (à {distance:.0f} m de la limite"
    else:
        where = f"déborde de la commune de {nom} (en partie au-delà de la limite"
    raise PlacementInvalide(
        f"{kind} {where}, tolérance {tolerance_m:.0f} m). Vérifiez l'ordre longitude puis "
        "latitude et le système de coordonnées (WGS84)."
    )
