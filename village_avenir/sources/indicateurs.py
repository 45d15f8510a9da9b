"""Common parts of the indicator file readers, and the generic long CSV.

A reader turns a text stream into a :class:`ReadResult`: rows ``(code, donnee, valeur,
annee)`` (old commune codes are kept as they are: the import service maps them to the
current commune and sums), per-row rejections with their reason (e.g. statistical secrecy),
and the data for which the file is exhaustive over its départements (a commune absent from
a Mérimée file has 0 monuments) — only when the file covers its département: the import
service checks that (``services/diagnostic/imports.py``, ``SEUIL_COUVERTURE``). A malformed file raises ``ImportInvalide`` with its line.
Opening, header and row loop are those of every reader (``lecture``); :func:`coded_rows` adds
the rejection of rows whose INSEE code is invalid.

Generic long CSV (project format): UTF-8, ``;``-separated, header
``code_insee;indicateur;valeur;annee;source`` and an optional ``licence`` column (decimal point
or comma; ``annee`` is a year or a period ``2016-2021``). In this format ``s`` is kept as a
statistical-secrecy row (``valeur`` None): it is loaded as « secret statistique », never as 0.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from ..domain.communes import CodeInseeInvalide, departement_of, normalize_code
from ..domain.nombres import parse_decimal
from . import ImportInvalide
from .lecture import Progress, numbered_rows, require_columns, texte

__all__ = [
    "IndicatorRow",
    "ReadResult",
    "Rejet",
    "code_or_reject",
    "coded_rows",
    "parse_number",
    "read_long_csv",
]

SECRET = {"s", "secret", "nd", "n.d.", "c"}


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
    # every valid code named by a row (also rows of equipment types not in the catalogue):
    # the import measures with it how much of the département the file covers
    communes: set[str] = field(default_factory=set)


class SecretStatistique(ValueError):
    pass


def _extrait(text: str, maximum: int = 40) -> str:
    """A value quoted in a message, cut: a message never repeats a huge cell."""
    return text if len(text) <= maximum else text[: maximum - 1] + "…"


def parse_number(text: str | None, line: int, column: str) -> float | None:
    """``12``, ``12.5``, ``12,5`` → float; empty → None; ``s`` → :class:`SecretStatistique`."""
    raw = (text or "").strip()
    if raw == "":
        return None
    if raw.replace("\u202f", "").replace(" ", "").lower() in SECRET:  # « n. d. » too
        raise SecretStatistique(column)
    try:
        return parse_decimal(raw)  # spaces between thousands, decimal comma
    except ValueError:
        raise ImportInvalide(
            f"valeur non numérique « {_extrait(raw)} » (colonne {column}).", line
        ) from None


def code_or_reject(raw: str | None, line: int, result: ReadResult) -> str | None:
    try:
        code = normalize_code(raw or "")
    except CodeInseeInvalide:
        shown = _extrait(raw or "", 20)
        result.rejets.append(Rejet(line, shown, f"code INSEE invalide « {shown} »"))
        return None
    result.departements.add(departement_of(code))
    result.communes.add(code)
    return code


def coded_rows(
    reader: csv.DictReader, column: str, result: ReadResult, progress: Progress = None
) -> Iterator[tuple[int, str, dict[str, str]]]:
    """``(line, code, row)`` for each row whose ``column`` holds a valid INSEE code; the
    others are rejected with their line (``result.rejets``), and all are counted."""
    for line, row in numbered_rows(reader, result, progress):
        code = code_or_reject(row.get(column), line, result)
        if code is not None:
            yield line, code, row


LONG_COLUMNS = ("code_insee", "indicateur", "valeur", "annee", "source")
_YEAR = re.compile(r"[0-9]{4}(-[0-9]{4})?")  # ASCII digits only (\d takes others)


def read_long_csv(fh: IO[str], known: set[str], progress: Progress = None) -> ReadResult:
    """Generic long CSV ``code_insee;indicateur;valeur;annee;source``."""
    reader = csv.DictReader(fh, delimiter=";")
    require_columns(reader, LONG_COLUMNS, "long (code_insee;indicateur;valeur;annee;source)")
    result = ReadResult("long", "fichier long")
    for line, row in numbered_rows(reader, result, progress):
        ind = texte(row["indicateur"], line, "indicateur", 100)
        if ind not in known:
            raise ImportInvalide(f"indicateur inconnu « {ind} » (voir le catalogue).", line)
        source = texte(row["source"], line, "source")  # kept with the value: 300 at most
        if not source:
            raise ImportInvalide("source vide : chaque valeur doit citer sa source.", line)
        annee = texte(row["annee"], line, "annee", 20)
        if not _YEAR.fullmatch(annee):
            raise ImportInvalide(
                f"année invalide « {annee} » (4 chiffres, ou une période 2016-2021).", line
            )
        secret = False
        try:
            valeur = parse_number(row["valeur"], line, "valeur")
        except SecretStatistique:
            valeur, secret = None, True
        if valeur is None and not secret:
            raise ImportInvalide("valeur vide.", line)
        code = code_or_reject(row["code_insee"], line, result)
        if code is not None:
            result.rows.append(IndicatorRow(code, ind, valeur, annee, line, source))
    return result


def text_stream(text: str) -> IO[str]:
    """A text stream over a string (tests)."""
    return io.StringIO(text, newline="")
