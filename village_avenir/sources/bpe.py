"""INSEE Base permanente des équipements (BPE), both layouts.

Real layouts (``;``-separated, UTF-8):
- per-commune counts (« ensemble des équipements », e.g. ``bpe21_ensemble.csv``):
  ``REG;DEP;DEPCOM;DCIRIS;AN;TYPEQU;NB_EQUIP``;
- one row per equipment with coordinates (``bpe21_ensemble_xy.csv``, and BPE 2023+):
  ``…;DEPCOM;…;AN;TYPEQU;LAMBERT_X;LAMBERT_Y;…`` (no ``NB_EQUIP``: each row counts 1).
Equipment types are grouped into the catalogue's data (``typequ`` of each ``bpe_…``);
other types are ignored. The file is exhaustive for the groups: a commune of a covered
département without a row has 0 such equipment.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO

from . import ImportInvalide
from .indicateurs import IndicatorRow, ReadResult, coded_rows, parse_number
from .lecture import Progress, dict_reader, require_columns

__all__ = ["read_bpe"]


def read_bpe(
    fh: IO[str], groups: Mapping[str, tuple[str, ...]], progress: Progress = None
) -> ReadResult:
    """``groups``: donnee id → TYPEQU codes (from the catalogue)."""
    reader = dict_reader(fh)
    require_columns(reader, ["DEPCOM", "TYPEQU"], "BPE (DEPCOM, TYPEQU)")
    counts = "NB_EQUIP" in (reader.fieldnames or [])
    by_type = {t: donnee for donnee, types in groups.items() for t in types}
    result = ReadResult("bpe", "INSEE, Base permanente des équipements", exhaustives=tuple(groups))
    years = set()
    for line, code, row in coded_rows(reader, "DEPCOM", result, progress):
        an = (row.get("AN") or "").strip()
        if an:
            years.add(an)
        donnee = by_type.get((row.get("TYPEQU") or "").strip().upper())
        if donnee is None:
            continue
        n = parse_number(row.get("NB_EQUIP"), line, "NB_EQUIP") if counts else 1.0
        if n is None:
            raise ImportInvalide("NB_EQUIP vide.", line)
        result.rows.append(IndicatorRow(code, donnee, n, an or None, line))
    if len(years) == 1:
        result.annee = years.pop()
        result.source = f"INSEE, Base permanente des équipements {result.annee}"
    return result
