"""Placing an action: reading the input and the containment check with a 50 m tolerance."""

from __future__ import annotations

import json

import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import Point, box

from village_avenir.domain.placement import (
    PlacementInvalide,
    check_inside,
    from_geojson_text,
    from_lon_lat,
)

# A 2 km square commune in Lambert-93 near Cahors, expressed in WGS84 like the stored data.
TO_WGS84 = Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True).transform
X0, Y0 = 575_000, 6_370_000
COMMUNE = shapely.transform(box(X0, Y0, X0 + 2000, Y0 + 2000), TO_WGS84, interleaved=False)


def l93_point(x, y):
    return shapely.transform(Point(x, y), TO_WGS84, interleaved=False)


@pytest.mark.parametrize(
    ("x", "y", "ok"),
    [
        (X0 + 1000, Y0 + 1000, True),  # centre
        (X0 - 30, Y0 + 1000, True),  # 30 m outside: within the tolerance
        (X0 + 2040, Y0 + 1000, True),  # 40 m outside
        (X0 - 80, Y0 + 1000, False),  # 80 m outside
        (X0 + 1000, Y0 + 5000, False),  # 3 km outside
    ],
)
def test_points_near_the_border(x, y, ok):
    point = l93_point(x, y)
    if ok:
        check_inside(point, COMMUNE, "Testville")
    else:
        with pytest.raises(PlacementInvalide, match="hors de la commune de Testville"):
            check_inside(point, COMMUNE, "Testville")


def test_message_gives_distance():
    with pytest.raises(PlacementInvalide, match="à 3,0 km de la limite"):
        check_inside(l93_point(X0 + 1000, Y0 + 5000), COMMUNE, "T")
    with pytest.raises(PlacementInvalide, match="à 80 m de la limite"):
        check_inside(l93_point(X0 - 80, Y0 + 1000), COMMUNE, "T")


def test_area_partly_outside_is_refused():
    inside = shapely.transform(
        box(X0 + 100, Y0 + 100, X0 + 500, Y0 + 500), TO_WGS84, interleaved=False
    )
    check_inside(inside, COMMUNE, "T")
    across = shapely.transform(
        box(X0 + 1500, Y0 + 100, X0 + 2500, Y0 + 500), TO_WGS84, interleaved=False
    )
    with pytest.raises(PlacementInvalide, match="La zone déborde de la commune de T"):
        check_inside(across, COMMUNE, "T")


def test_lon_lat_bounds():
    assert from_lon_lat(1.44, 44.45).coords[0] == (1.44, 44.45)
    for lon, lat in [(200, 44), (1, 95), (float("nan"), 44)]:
        with pytest.raises(PlacementInvalide):
            from_lon_lat(lon, lat)


POLY = {"type": "Polygon", "coordinates": [[[1.4, 44.4], [1.41, 44.4], [1.41, 44.41], [1.4, 44.4]]]}


@pytest.mark.parametrize(
    "text",
    [
        json.dumps(POLY),
        json.dumps({"type": "Feature", "properties": {}, "geometry": POLY}),
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [{"type": "Feature", "properties": {}, "geometry": POLY}],
            }
        ),
    ],
)
def test_geojson_forms_accepted(text):
    assert from_geojson_text(text).geom_type == "Polygon"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{pas du json", "illisible"),
        ('{"type": "LineString", "coordinates": [[1, 44], [2, 45]]}', "non acceptée"),
        ('{"type": "FeatureCollection", "features": []}', "exactement un objet"),
        ('{"type": "Point", "coordinates": []}', "mal formées|vide"),
        ('{"type": "Point", "coordinates": [575000, 6370000]}', "hors des bornes WGS84"),
        (
            '{"type": "Polygon", "coordinates": [[[1,44],[1.1,44.1],[1.1,44],[1,44.1],[1,44]]]}',
            "Zone invalide",
        ),
        ("[1, 2]", "non acceptée"),
        ("x" * 100_001, "trop long"),
    ],
)
def test_bad_geojson_refused_in_french(text, message):
    with pytest.raises(PlacementInvalide, match=message):
        from_geojson_text(text)
