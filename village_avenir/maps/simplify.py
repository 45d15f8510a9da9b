"""Geometry for display: coverage simplification, rounding, dissolved outlines, compact GeoJSON.

Pure functions on Shapely geometries (no Flask, no database). The stored geometry is never
changed: these helpers make a lighter *copy* for the browser.

Why a coverage: communes tile the département. Simplifying each polygon on its own moves a
shared border differently on each side (gaps and overlaps, « slivers »).
``shapely.coverage_simplify`` simplifies each shared edge once, so both neighbours keep the
same border. Rounding afterwards maps a shared vertex to the same rounded vertex on both
sides, so borders stay shared.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

__all__ = [
    "CouvertureInvalide",
    "DisplayGeometry",
    "dissolve",
    "feature_json",
    "geometry_json",
    "outlines",
    "prepare_display",
    "round_coordinates",
    "simplify_coverage",
]


class CouvertureInvalide(ValueError):
    """The polygons given are not a coverage (they overlap), or a parameter is out of range."""


def simplify_coverage(geoms: Sequence[BaseGeometry], tolerance: float) -> list[BaseGeometry]:
    """Simplify polygons that tile an area, keeping shared borders shared.

    ``tolerance`` is in the units of the coordinates (degrees here); Shapely uses it as the
    Visvalingam–Whyatt effective area ``tolerance²``. Empty or missing geometries are kept
    as they are. Raises CouvertureInvalide when the polygons overlap (not a coverage).
    """
    if tolerance < 0:
        raise CouvertureInvalide("La tolérance de simplification doit être positive.")
    arr = np.array(list(geoms), dtype=object)
    if len(arr) == 0:
        return []
    present = np.array([g is not None and not g.is_empty for g in arr])
    out = arr.copy()
    if present.any():
        sub = arr[present]
        if not shapely.coverage_is_valid(sub):
            raise CouvertureInvalide("Les contours se chevauchent : ce n'est pas une couverture.")
        out[present] = shapely.coverage_simplify(sub, tolerance)
    return list(out)


def round_coordinates(geom: BaseGeometry, decimals: int) -> BaseGeometry:
    """A copy of ``geom`` with coordinates rounded (display only: 4 decimals ≈ 10 m)."""
    if decimals < 0:
        raise CouvertureInvalide("Le nombre de décimales doit être positif.")
    return shapely.transform(geom, lambda xy: np.round(xy, decimals))


def dissolve(
    geoms: Sequence[BaseGeometry], keys: Sequence[Hashable | None]
) -> dict[Hashable, BaseGeometry]:
    """Union of the polygons per key (e.g. communes per EPCI); None keys are left out.

    The inputs are a coverage, so the fast and exact ``coverage_union_all`` applies.
    """
    groups: dict[Hashable, list[BaseGeometry]] = {}
    for geom, key in zip(geoms, keys, strict=True):
        if key is not None and geom is not None and not geom.is_empty:
            groups.setdefault(key, []).append(geom)
    return {key: shapely.coverage_union_all(parts) for key, parts in groups.items()}


def outlines(polygons: Sequence[BaseGeometry]) -> BaseGeometry:
    """Every border of ``polygons`` drawn once (a border between two groups is not doubled)."""
    boundaries = [p.boundary for p in polygons if p is not None and not p.is_empty]
    if not boundaries:
        return shapely.MultiLineString()
    return shapely.line_merge(shapely.union_all(boundaries))


def geometry_json(geom: BaseGeometry) -> str:
    """Compact GeoJSON text of a geometry (shortest float representation, no spaces)."""
    return json.dumps(mapping(geom), separators=(",", ":"))


def feature_json(geom: BaseGeometry, properties: dict) -> str:
    """One compact GeoJSON Feature as text."""
    props = json.dumps(properties, ensure_ascii=False, separators=(",", ":"))
    return f'{{"type":"Feature","properties":{props},"geometry":{geometry_json(geom)}}}'


@dataclass(frozen=True)
class DisplayGeometry:
    """Simplified and rounded copies, in the order of the input, plus dissolved groups."""

    polygons: tuple[BaseGeometry, ...]
    groups: dict[Hashable, BaseGeometry]


def prepare_display(
    geoms: Sequence[BaseGeometry],
    keys: Sequence[Hashable | None],
    tolerance: float,
    decimals: int,
) -> DisplayGeometry:
    """Simplify as a coverage, round, and dissolve per key (outlines match the polygons)."""
    simplified = simplify_coverage(geoms, tolerance)
    rounded = tuple(
        round_coordinates(g, decimals) if g is not None and not g.is_empty else g
        for g in simplified
    )
    # Dissolve the simplified (not yet rounded) coverage, then round: group outlines then
    # follow the commune borders exactly.
    groups = {k: round_coordinates(g, decimals) for k, g in dissolve(simplified, keys).items()}
    return DisplayGeometry(rounded, groups)
