"""France services sites from the ANCT programme table (``id_fs`` column).

Real layout (``ngeo-anct-cog2023.csv``): UTF-8, ``,``-separated, quoted, one row per
commune: ``insee_com, lib_com, id_pvd, …, id_fs, …``; a non-empty ``id_fs`` is the id of the
France services site in the commune. Every commune has a row, so absence means 0.
"""

from __future__ import annotations

from typing import IO

from .indicateurs import IndicatorRow, ReadResult, coded_rows
from .lecture import Progress, dict_reader, require_columns

__all__ = ["read_france_services"]


def read_france_services(fh: IO[str], annee: str, progress: Progress = None) -> ReadResult:
    reader = dict_reader(fh, delimiters=",;")
    require_columns(reader, ["insee_com", "id_fs"], "table ANCT des programmes (insee_com, id_fs)")
    result = ReadResult(
        "anct-france-services",
        f"ANCT, table des programmes par commune (code officiel géographique {annee})",
        exhaustives=("france_services",),
        annee=annee,
    )
    for line, code, row in coded_rows(reader, "insee_com", result, progress):
        present = 1.0 if (row.get("id_fs") or "").strip() else 0.0
        result.rows.append(IndicatorRow(code, "france_services", present, annee, line))
    return result
