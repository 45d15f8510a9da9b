"""INSEE comparateur de territoires files: base-cc-logement and population series.

Real layout: ``;``-separated CSV, one row per commune, key ``CODGEO``, variables prefixed by
the census vintage: ``P21_LOG``, ``P21_LOGVAC``, ``P21_RSECOCC``, ``P21_RP`` (logement);
``P21_POP``, ``P15_POP``, ``P10_POP``, ``D99_POP``, ``D90_POP``… (population; ``D`` =
dénombrement). Any vintage is accepted: the prefix is read from the header.
"""

from __future__ import annotations

import csv
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
from .lecture import Progress, dict_reader, require_columns

__all__ = ["read_logement", "read_population"]

LOGEMENT = {"LOG": "log_total", "LOGVAC": "log_vacants", "RSECOCC": "log_rsec", "RP": "log_rp"}
_LOG_RE = re.compile(r"^P(\d{2})_(LOG|LOGVAC|RSECOCC|RP)$")
_POP_RE = re.compile(r"^[PD](\d{2})_POP$")


def _year(yy: str) -> int:
    n = int(yy)
    return 1900 + n if n >= 50 else 2000 + n


def _read(
    reader: csv.DictReader,
    columns: dict[str, tuple[str, str]],
    result: ReadResult,
    progress: Progress,
) -> ReadResult:
    """``columns``: header → (donnee, annee)."""
    for line, code, row in coded_rows(reader, "CODGEO", result, progress):
        for col, (donnee, annee) in columns.items():
            try:
                value = parse_number(row.get(col), line, col)
            except SecretStatistique:
                result.rejets.append(Rejet(line, code, f"{col} : secret statistique"))
                continue
            if value is not None:
                result.rows.append(IndicatorRow(code, donnee, value, annee, line))
    return result


def read_logement(fh: IO[str], progress: Progress = None) -> ReadResult:
    """base-cc-logement (any ``Pyy_`` vintage): total, vacant, secondary, main dwellings."""
    reader = dict_reader(fh)
    require_columns(reader, ["CODGEO"], "INSEE base-cc-logement")
    found: dict[str, set[str]] = {}
    for f in reader.fieldnames or []:
        if m := _LOG_RE.match(f):
            found.setdefault(m.group(1), set()).add(m.group(2))
    vintages = [yy for yy, names in found.items() if "LOG" in names]
    if not vintages:
        raise ImportInvalide(
            "colonne Pyy_LOG absente : ce n'est pas un fichier INSEE base-cc-logement.", 1
        )
    yy = max(vintages, key=_year)
    year = str(_year(yy))
    columns = {f"P{yy}_{k}": (LOGEMENT[k], year) for k in found[yy]}
    result = ReadResult(
        "insee-logement", f"INSEE, base-cc-logement (recensement {year})", annee=year
    )
    return _read(reader, columns, result, progress)


def read_population(fh: IO[str], progress: Progress = None) -> ReadResult:
    """Population series: the latest census and the one about 6 years earlier."""
    reader = dict_reader(fh)
    require_columns(reader, ["CODGEO"], "INSEE série de population")
    years = {_year(m.group(1)): f for f in reader.fieldnames or [] if (m := _POP_RE.match(f))}
    if not years:
        raise ImportInvalide(
            "aucune colonne Pyy_POP ou Dyy_POP : ce n'est pas une série de population INSEE.", 1
        )
    recent = max(years)
    columns = {years[recent]: ("pop_recente", str(recent))}
    earlier = [y for y in years if y <= recent - 5]
    if earlier:
        old = max(earlier)
        columns[years[old]] = ("pop_ancienne", str(old))
    result = ReadResult(
        "insee-population",
        f"INSEE, population municipale (recensement {recent})",
        annee=str(recent),
    )
    return _read(reader, columns, result, progress)
