"""Lambert-93 (EPSG:2154) areas and nearest-service distances, with Shapely and pyproj.

Distances are straight lines between town halls in Lambert-93, in kilometres: the nearest
commune having a service is found with a spatial index (``shapely.STRtree``), not by
comparing every pair.
"""

from __future__ import annotations

from collections.abc import Mapping

import shapely
from pyproj import Transformer
from shapely import wkb

from .refus import Refus

__all__ = ["GeometrieInvalide", "area_km2", "nearest_distances_km", "to_lambert93"]

_TO_L93 = Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True)


class GeometrieInvalide(Refus, ValueError):
    """A geometry that cannot be read (bad WKB)."""


def to_lambert93(geom):
    """Project a WGS84 lon/lat Shapely geometry to Lambert-93 (metres)."""
    return shapely.transform(geom, _TO_L93.transform, interleaved=False)


def area_km2(geometry_wkb: bytes | None) -> float | None:
    """Area in km² of a WGS84 WKB geometry, computed in Lambert-93; None when absent."""
    if not geometry_wkb:
        return None
    try:
        geom = wkb.loads(geometry_wkb)
    except Exception as exc:  # shapely raises its own GEOSException subclasses
        raise GeometrieInvalide("géométrie illisible (WKB invalide).") from exc
    return to_lambert93(geom).area / 1_000_000


def nearest_distances_km(
    origins: Mapping[str, tuple[float, float]], targets: Mapping[str, tuple[float, float]]
) -> dict[str, float]:
    """For each origin (code → lon, lat), distance in km to the nearest target point.

    Returns an empty dict when there is no target. An origin that is itself a target is at 0.
    """
    if not targets or not origins:
        return {}
    tx, ty = _TO_L93.transform(*zip(*targets.values(), strict=True))
    ox, oy = _TO_L93.transform(*zip(*origins.values(), strict=True))
    target_points = shapely.points(list(zip(tx, ty, strict=True)))
    origin_points = shapely.points(list(zip(ox, oy, strict=True)))
    tree = shapely.STRtree(target_points)
    (src, dst), dist = tree.query_nearest(origin_points, return_distance=True, all_matches=False)
    out = {}
    codes = list(origins)
    for i, d in zip(src, dist, strict=True):
        out[codes[int(i)]] = float(d) / 1000
    return out
