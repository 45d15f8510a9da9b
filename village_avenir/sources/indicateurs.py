"""Common parts of the indicator file readers, and the generic long CSV.

A reader turns a text stream into a :class:`ReadResult`: rows ``(code, donnee, valeur,
annee)`` (old commune codes are kept as they are: the import service maps them to the
current commune and sums), per-row rejections with their reason (e.g. statistical secrecy),
and the data for which the file is exhaustive over its départements (a commune absent from
a Mérimée file has 0 monuments). A malformed file raises ``ImportFormatError`` with its line.

Generic long CSV (project format): UTF-8, ``;``-separated, header
``code_insee;indicateur;valeur;annee;source`` and an optional ``licence`` column (decimal point
or comma; ``annee`` is a year or a period ``2016-2021``). In this format ``s`` is kept as a
statistical-secrecy row (``valeur`` None): it is loaded as « secret statistique », never as 0.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ..domain.communes import InvalidInseeCode, departement_of, normalize_code
from ..domain.nombres import parse_decimal
from . import ImportFormatError

__all__ = [
    "IndicatorRow",
    "ReadResult",
    "Rejet",
    "count_lines",
    "dict_reader",
    "open_text",
    "parse_number",
    "read_long_csv",
]

SECRET = {"s", "secret", "nd", "n.d.", "c"}
Progress = Callable[[int], None] | None


@dataclass(frozen=True)
class IndicatorRow:
    code_insee: str
    donnee: str
    valeur: float | None  # None: statistical secrecy (long format only)
    annee: str | None
    line: int
    source: str | None = None


@dataclass(frozen=True)
class Rejet:
    line: int
    code_insee: str | None
    raison: str


@dataclass
class ReadResult:
    format: str
    source: str
    rows: list[IndicatorRow] = field(default_factory=list)
    rejets: list[Rejet] = field(default_factory=list)
    lues: int = 0
    exhaustives: tuple[str, ...] = ()
    departements: set[str] = field(default_factory=set)
    annee: str | None = None


class SecretStatistique(ValueError):
    pass


def open_text(path: Path) -> IO[str]:
    """Open a CSV as text: UTF-8 (with or without BOM), else Windows-1252 (LOVAC, old INSEE)."""
    head = Path(path).read_bytes()[:65536]
    try:
        head.decode("utf-8-sig")
        encoding = "utf-8-sig"
    except UnicodeDecodeError as exc:
        # a multi-byte character cut at the end of the sample is not an error
        encoding = "utf-8-sig" if exc.start >= len(head) - 3 else "cp1252"
    return open(path, encoding=encoding, newline="")


def count_lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(buf.count(b"\n") for buf in iter(lambda: fh.read(1 << 20), b""))


def dict_reader(fh: IO[str], delimiters: str = ";|,\t") -> csv.DictReader:
    """A DictReader whose delimiter is the most frequent of ``delimiters`` in the header."""
    header = fh.readline()
    if not header.strip():
        raise ImportFormatError("fichier vide ou sans en-tête.", 1)
    delim = max(delimiters, key=header.count)
    reader = csv.DictReader(
        _chain(header, fh), delimiter=delim, quotechar='"', skipinitialspace=False
    )
    reader.fieldnames = [f.strip().strip('"') for f in (reader.fieldnames or [])]
    return reader


def _chain(first: str, rest: Iterable[str]):
    yield first
    yield from rest


def parse_number(text: str | None, line: int, column: str) -> float | None:
    """``12``, ``12.5``, ``12,5`` → float; empty → None; ``s`` → :class:`SecretStatistique`."""
    raw = (text or "").strip().replace("\u202f", "").replace(" ", "")
    if raw == "":
        return None
    if raw.lower() in SECRET:
        raise SecretStatistique(column)
    try:
        return parse_decimal(raw)
    except ValueError:
        raise ImportFormatError(
            f"valeur non numérique « {text} » (colonne {column}).", line
        ) from None


def code_or_reject(raw: str | None, line: int, result: ReadResult) -> str | None:
    try:
        code = normalize_code(raw or "")
    except InvalidInseeCode:
        result.rejets.append(Rejet(line, raw, f"code INSEE invalide « {raw} »"))
        return None
    result.departements.add(departement_of(code))
    return code


def require_columns(reader: csv.DictReader, needed: Iterable[str], what: str) -> None:
    missing = [c for c in needed if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportFormatError(
            f"colonnes absentes : {', '.join(missing)} — ce fichier n'est pas au format {what}.", 1
        )


LONG_COLUMNS = ("code_insee", "indicateur", "valeur", "annee", "source")
_YEAR = re.compile(r"^\d{4}(-\d{4})?$")


def read_long_csv(fh: IO[str], known: set[str], progress: Progress = None) -> ReadResult:
    """Generic long CSV ``code_insee;indicateur;valeur;annee;source``."""
    reader = csv.DictReader(fh, delimiter=";")
    require_columns(reader, LONG_COLUMNS, "long (code_insee;indicateur;valeur;annee;source)")
    result = ReadResult("long", "fichier long")
    for row in reader:
        line = reader.line_num
        result.lues += 1
        if progress:
            progress(1)
        ind = (row["indicateur"] or "").strip()
        if ind not in known:
            raise ImportFormatError(f"indicateur inconnu « {ind} » (voir le catalogue).", line)
        source = (row["source"] or "").strip()
        if not source:
            raise ImportFormatError("source vide : chaque valeur doit citer sa source.", line)
        annee = (row["annee"] or "").strip()
        if not _YEAR.match(annee):
            raise ImportFormatError(
                f"année invalide « {annee} » (4 chiffres, ou une période 2016-2021).", line
            )
        secret = False
        try:
            valeur = parse_number(row["valeur"], line, "valeur")
        except SecretStatistique:
            valeur, secret = None, True
        if valeur is None and not secret:
            raise ImportFormatError("valeur vide.", line)
        code = code_or_reject(row["code_insee"], line, result)
        if code is not None:
            result.rows.append(IndicatorRow(code, ind, valeur, annee, line, source))
    return result


def text_stream(text: str) -> IO[str]:
    """A text stream over a string (tests)."""
    return io.StringIO(text, newline="")
