"""LOVAC open data (Cerema / DHUP): private dwellings vacant for more than 2 years.

Real layout of ``Lovac_opendata_Communes.csv``: ``;``-separated, Windows-1252 (Latin-1),
one row per commune, key ``CODGEO_yy`` (geography vintage) and one group of columns per
year: ``pp_vacant_yy``, ``pp_vacant_plus_2ans_yy``, ``ff_pp_total_yy`` (or ``pp_total_yy``);
small values are masked by statistical secrecy (``s``). The latest year that has both the
long-term vacancy and the private stock is read.
"""

from __future__ import annotations

import re
from typing import IO

from . import ImportInvalide
from .indicateurs import (
    IndicatorRow,
    ReadResult,
    Rejet,
    SecretStatistique,
    coded_rows,
    parse_number,
)
from .lecture import Progress, dict_reader

__all__ = ["read_lovac"]

_VAC = re.compile(r"^pp_vacant_plus_2ans_(\d{2})$", re.IGNORECASE)


def read_lovac(fh: IO[str], progress: Progress = None) -> ReadResult:
    reader = dict_reader(fh)
    fields = {f.lower(): f for f in reader.fieldnames or []}
    code_col = next(
        (fields[f] for f in sorted(fields, reverse=True) if f.startswith("codgeo")), None
    )
    if code_col is None:
        raise ImportInvalide("colonne CODGEO_aa absente : ce n'est pas un fichier LOVAC.", 1)
    pairs = {}
    for f in fields:
        if m := _VAC.match(f):
            yy = m.group(1)
            total = fields.get(f"ff_pp_total_{yy}") or fields.get(f"pp_total_{yy}")
            if total:
                pairs[yy] = (fields[f], total)
    if not pairs:
        raise ImportInvalide(
            "colonnes pp_vacant_plus_2ans_aa et ff_pp_total_aa absentes : ce n'est pas un fichier LOVAC.",
            1,
        )
    yy = max(pairs)
    vac_col, total_col = pairs[yy]
    year = f"20{yy}"
    result = ReadResult(
        "lovac", f"LOVAC (Cerema, DHUP), parc privé au 1er janvier {year}", annee=year
    )
    for line, code, row in coded_rows(reader, code_col, result, progress):
        try:
            vac = parse_number(row.get(vac_col), line, vac_col)
            total = parse_number(row.get(total_col), line, total_col)
        except SecretStatistique:
            result.rejets.append(Rejet(line, code, "valeur couverte par le secret statistique"))
            continue
        if vac is None or total is None:
            result.rejets.append(Rejet(line, code, "valeur vide"))
            continue
        result.rows.append(IndicatorRow(code, "lovac_vacants_2ans", vac, year, line))
        result.rows.append(IndicatorRow(code, "lovac_parc_prive", total, year, line))
    return result
