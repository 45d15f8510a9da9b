"""Lambert-93 areas and nearest-service distances (STRtree)."""

import json
import math
from pathlib import Path

import pytest
from shapely import wkb
from shapely.geometry import Point, box, shape

from village_avenir.domain.geometry import area_km2, nearest_distances_km

ROOT = Path(__file__).resolve().parents[2]


def test_area_of_lot_communes_in_lambert93():
    data = json.loads((ROOT / "data" / "communes" / "46.geojson").read_text(encoding="utf-8"))
    total = sum(area_km2(wkb.dumps(shape(f["geometry"]))) for f in data["features"])
    # The Lot covers 5,217 km² (INSEE); generalised shapes stay within 2 %.
    assert total == pytest.approx(5217, rel=0.02)
    assert area_km2(None) is None


def test_small_box_area():
    # 0.01° x 0.01° near 44.5° N: about 1.11 km x 0.79 km
    a = area_km2(wkb.dumps(box(1.5, 44.5, 1.51, 44.51)))
    assert a == pytest.approx(1.112 * 1.112 * math.cos(math.radians(44.505)), rel=0.02)


def test_nearest_distance_matches_brute_force():
    origins = {f"o{i}": (1.0 + i * 0.05, 44.0 + (i % 7) * 0.03) for i in range(40)}
    targets = {"t1": (1.2, 44.1), "t2": (2.5, 44.8), "o3": origins["o3"]}
    got = nearest_distances_km(origins, targets)
    from village_avenir.domain.geometry import to_lambert93

    for code, (lon, lat) in origins.items():
        p = to_lambert93(Point(lon, lat))
        brute = min(p.distance(to_lambert93(Point(*t))) for t in targets.values()) / 1000
        assert got[code] == pytest.approx(brute)
    assert got["o3"] == 0
    assert nearest_distances_km(origins, {}) == {}
