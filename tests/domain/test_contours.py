"""domain.contours on hand-made squares: a missing former commune fills its hole, nothing else."""

import shapely

from village_avenir.domain.contours import fill_former_communes, holes, km2, overlaps


def square(x, y, size=0.1):
    return shapely.box(x, y, x + size, y + size)


def ring_of_communes():
    """Eight squares around an empty middle one (1.1, 44.1): a 3×3 grid with a hole."""
    return {
        f"46{i:03d}": square(1.0 + 0.1 * (i % 3), 44.0 + 0.1 * (i // 3)) for i in range(9) if i != 4
    }


def test_holes_finds_the_middle_square():
    found = holes(ring_of_communes())
    assert len(found) == 1
    assert abs(km2(found[0]) - km2(square(1.1, 44.1))) < 0.01


def test_a_former_commune_fills_the_hole_of_its_commune_nouvelle():
    geoms = ring_of_communes()
    before = km2(geoms["46001"])
    # the older outline is slightly offset: only the hole is taken, not the neighbours
    older = square(1.105, 44.095)
    added = fill_former_communes(geoms, {"46999": ("46001", older)})
    assert [(a.commune, a.ancienne) for a in added] == [("46001", "46999")]
    assert holes(geoms) == []
    assert overlaps(geoms) == []
    assert abs(km2(geoms["46001"]) - before - km2(square(1.1, 44.1))) < 0.001


def test_a_former_commune_already_inside_is_left_alone():
    geoms = ring_of_communes()
    assert fill_former_communes(geoms, {"46998": ("46000", square(1.0, 44.0))}) == []
    assert len(holes(geoms)) == 1


def test_overlaps_reports_a_shared_area():
    geoms = {"46001": square(1.0, 44.0), "46002": square(1.05, 44.0)}
    [(a, b, area)] = overlaps(geoms)
    assert (a, b) == ("46001", "46002") and area > 1
