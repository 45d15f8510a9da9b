"""Display geometry: coverage simplification keeps shared borders shared (no gaps, no
overlaps), rounding keeps them shared, the input is never modified."""

import json
from itertools import combinations
from pathlib import Path

import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Polygon, shape

from village_avenir.maps.simplify import (
    CouvertureInvalide,
    dissolve,
    outlines,
    prepare_display,
    round_coordinates,
    simplify_coverage,
)

LOT = Path(__file__).resolve().parents[2] / "data" / "communes" / "46.geojson"


@pytest.fixture(scope="module")
def lot():
    features = json.loads(LOT.read_text(encoding="utf-8"))["features"]
    return [shape(f["geometry"]) for f in features], [f["properties"] for f in features]


def overlap_area(geoms) -> float:
    """Total area covered twice (0 for a coverage), using a spatial index for neighbours."""
    tree = shapely.STRtree(geoms)
    total = 0.0
    for i, j in zip(*tree.query(geoms, predicate="intersects"), strict=True):
        if i < j:
            total += geoms[i].intersection(geoms[j]).area
    return total


def gap_area(geoms, reference_union) -> float:
    """Area of the original footprint no longer covered by any polygon."""
    return reference_union.difference(shapely.union_all(geoms)).area


def test_lot_coverage_simplification_has_no_slivers(lot):
    geoms, _ = lot
    before = [g.wkb for g in geoms]
    simplified = simplify_coverage(geoms, 0.006)
    assert shapely.get_num_coordinates(simplified).sum() < 0.6 * (
        shapely.get_num_coordinates(geoms).sum()
    )
    assert shapely.coverage_is_valid(simplified)
    assert overlap_area(simplified) < 1e-12
    # The outer border moves a little, but no hole opens between communes (the Lot's
    # outlines have none since Pern-Lhospitalet got the former Pern's territory, issue 24).
    union, original = shapely.union_all(simplified), shapely.union_all(geoms)
    assert union.geom_type == original.geom_type == "Polygon"
    assert len(union.interiors) == len(original.interiors) == 0
    assert [g.wkb for g in geoms] == before  # the stored geometry stays exact


def test_naive_simplification_would_leave_slivers(lot):
    """The checks above can fail: simplifying each commune alone opens gaps and overlaps."""
    geoms, _ = lot
    naive = list(shapely.simplify(geoms, 0.006, preserve_topology=True))
    assert not shapely.coverage_is_valid(naive)
    assert overlap_area(naive) > 1e-6
    assert gap_area(naive, shapely.union_all(geoms)) > 1e-6


def test_rounding_keeps_shared_borders_shared(lot):
    geoms, props = lot
    display = prepare_display(geoms, [p["epci_code"] for p in props], 0.006, 4)
    assert shapely.coverage_is_valid(list(display.polygons))
    assert overlap_area(list(display.polygons)) < 1e-12
    for g in display.polygons:
        coords = shapely.get_coordinates(g)
        assert (abs(coords * 10_000 - (coords * 10_000).round()) < 1e-6).all()


def test_epci_outlines_follow_the_commune_borders(lot):
    geoms, props = lot
    keys = [p["epci_code"] for p in props]
    display = prepare_display(geoms, keys, 0.006, 4)
    assert len(display.groups) == len(set(keys))
    for key, group in display.groups.items():
        members = [g for g, k in zip(display.polygons, keys, strict=True) if k == key]
        assert group.area == pytest.approx(sum(m.area for m in members), rel=1e-6)
    lines = outlines(list(display.groups.values()))
    doubled = sum(g.boundary.length for g in display.groups.values())
    # Each border between two EPCI drawn once: shorter than the sum of the boundaries.
    assert lines.length < doubled * 0.8
    union = shapely.union_all(list(display.groups.values()))
    assert lines.length == pytest.approx(
        (doubled + union.boundary.length) / 2, rel=1e-3
    )  # interior borders counted once, the outer border once


def test_a_shared_wiggly_border_stays_identical_on_both_sides():
    wiggle = [(1 + (0.01 if i % 2 else -0.01), i / 10) for i in range(11)]
    left = Polygon([(0, 0), *wiggle, (0, 1)])
    right = Polygon([(2, 0), (2, 1), *reversed(wiggle)])
    a, b = simplify_coverage([left, right], 0.1)
    assert shapely.get_num_coordinates(a) < shapely.get_num_coordinates(left)
    assert a.intersection(b).area == pytest.approx(0, abs=1e-12)
    assert shapely.union_all([a, b]).area == pytest.approx(2.0, rel=1e-9)


def test_refuses_overlaps_and_bad_parameters():
    a = Polygon([(0, 0), (2, 0), (2, 2), (0, 2)])
    b = Polygon([(1, 1), (3, 1), (3, 3), (1, 3)])
    with pytest.raises(CouvertureInvalide):
        simplify_coverage([a, b], 0.1)
    with pytest.raises(CouvertureInvalide):
        simplify_coverage([a], -1)
    with pytest.raises(CouvertureInvalide):
        round_coordinates(a, -2)


def test_missing_geometries_are_kept_in_place():
    a = Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])
    out = simplify_coverage([None, a, shapely.Polygon()], 0.01)
    assert out[0] is None and out[2].is_empty and out[1].equals(a)
    groups = dissolve([None, a], ["x", "y"])
    assert list(groups) == ["y"] and groups["y"].equals(a)


@st.composite
def strips(draw):
    """A rectangle cut into vertical strips by jagged borders: a random coverage."""
    n = draw(st.integers(2, 5))
    steps = draw(st.integers(3, 12))
    borders = [[(0.0, y / steps) for y in range(steps + 1)]]
    for i in range(1, n):
        jitter = draw(st.lists(st.floats(-0.3, 0.3), min_size=steps + 1, max_size=steps + 1))
        borders.append([(i + dx, y / steps) for y, dx in enumerate(jitter)])
    borders.append([(float(n), y / steps) for y in range(steps + 1)])
    polys = [Polygon(borders[i] + list(reversed(borders[i + 1]))) for i in range(n)]
    return [p for p in polys], float(n)


@settings(max_examples=60, deadline=None)
@given(strips(), st.floats(0.001, 0.5))
def test_any_coverage_stays_a_coverage(case, tolerance):
    polys, width = case
    if not all(p.is_valid for p in polys) or not shapely.coverage_is_valid(polys):
        return  # jitter made a self-crossing strip: not a coverage to begin with
    out = simplify_coverage(polys, tolerance)
    assert shapely.coverage_is_valid(out)
    for a, b in combinations(out, 2):
        assert a.intersection(b).area == pytest.approx(0, abs=1e-9)
    assert sum(p.area for p in out) == pytest.approx(shapely.union_all(out).area, rel=1e-9)
