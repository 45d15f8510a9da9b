"""What every CSV reader of ``sources`` does the same way: decode, read the header, number
the rows.

- :func:`open_text` opens a file as text: UTF-8 (with or without BOM), else Windows-1252.
- :func:`dict_reader` reads an official file's header, whatever its delimiter;
  :func:`require_columns` refuses it when columns are missing (« ce fichier n'est pas au
  format … »).
- :func:`csv_reader` reads one of the project's comma-separated files; a missing column is
  refused (« colonnes manquantes : … »).
- :func:`numbered_rows` is the row loop: each row with its line number, counted (``lues``)
  and reported to the progress bar; a malformed CSV line becomes an
  :class:`ImportInvalide` naming the line (never an uncaught ``csv.Error``).
- :func:`code_at` reads a row's INSEE code, or refuses the file at that line.
- Every text read from a file has a length limit (issue 25, L7): :func:`numbered_rows`
  refuses a cell over ``CELLULE_MAX`` characters, and :func:`texte` reads a text the app
  keeps (a value's source: ``SOURCE_MAX``, as for a value typed on a page) within its own
  limit — both refuse the file naming the line and the column.

A reader that keeps going past a bad row (rejections) does so with
``indicateurs.coded_rows``.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Protocol

from ..domain.communes import CodeInseeInvalide, normalize_code
from ..domain.nombres import format_nombre
from . import ImportInvalide

__all__ = [
    "CELLULE_MAX",
    "SOURCE_MAX",
    "Progress",
    "code_at",
    "count_lines",
    "csv_reader",
    "dict_reader",
    "numbered_rows",
    "open_text",
    "require_columns",
    "texte",
]

# Longest cell of any file read (the official files' longest seen: 1 401 characters, a
# list of communes in an ORT file; Mérimée's history texts are long too, but not read).
CELLULE_MAX = 20_000
SOURCE_MAX = 300  # a value's source, as on the diagnosis page (forms/diagnostic.py)

Progress = Callable[[int], None] | None


class _Counted(Protocol):
    lues: int


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
        raise ImportInvalide("fichier vide ou sans en-tête.", 1)
    delim = max(delimiters, key=header.count)
    reader = csv.DictReader(
        _chain(header, fh), delimiter=delim, quotechar='"', skipinitialspace=False
    )
    reader.fieldnames = [f.strip().strip('"') for f in (reader.fieldnames or [])]
    return reader


def _chain(first: str, rest: Iterable[str]):
    yield first
    yield from rest


def require_columns(reader: csv.DictReader, needed: Iterable[str], what: str) -> None:
    """Refuse an official file whose header lacks one of ``needed`` (``what``: its format)."""
    missing = [c for c in needed if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportInvalide(
            f"colonnes absentes : {', '.join(missing)} — ce fichier n'est pas au format {what}.", 1
        )


def csv_reader(fh: IO[str], needed: Iterable[str]) -> csv.DictReader:
    """A comma-separated DictReader (the project's files) whose header holds ``needed``."""
    reader = csv.DictReader(fh)
    missing = set(needed) - set(reader.fieldnames or [])
    if missing:
        raise ImportInvalide(f"colonnes manquantes : {', '.join(sorted(missing))}.", 1)
    return reader


def numbered_rows(
    reader: csv.DictReader, result: _Counted | None = None, progress: Progress = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line, row)`` for each row of ``reader``; ``result.lues`` counts them and
    ``progress(1)`` is called for each. A line the CSV module cannot read is refused."""
    try:
        last = reader.line_num if reader.fieldnames is not None else 0  # reads the header
    except csv.Error as exc:
        raise ImportInvalide(f"en-tête CSV illisible ({exc}).", 1) from None
    rows = iter(reader)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:  # the unreadable record starts after the last one read
            raise ImportInvalide(f"ligne CSV illisible ({exc}).", last + 1) from None
        last = reader.line_num
        _check_lengths(row, last)
        if result is not None:
            result.lues += 1
        if progress:
            progress(1)
        yield reader.line_num, row


def _check_lengths(row: dict, line: int) -> None:
    for column, value in row.items():
        for cell in value if isinstance(value, list) else [value]:  # extra cells: a list
            if isinstance(cell, str) and len(cell) > CELLULE_MAX:
                name = "au-delà de l'en-tête" if column is None else f"« {str(column)[:60]} »"
                raise ImportInvalide(
                    f"texte trop long dans la colonne {name} : {format_nombre(len(cell))} "
                    f"caractères, {format_nombre(CELLULE_MAX)} au plus.",
                    line,
                )


def texte(raw: str | None, line: int, column: str, maximum: int = SOURCE_MAX) -> str:
    """A text of the file that the app keeps, stripped; refused (with its line) over
    ``maximum`` characters."""
    text = (raw or "").strip()
    if len(text) > maximum:
        raise ImportInvalide(
            f"texte trop long dans la colonne « {column} » : {format_nombre(len(text))} "
            f"caractères, {format_nombre(maximum)} au plus.",
            line,
        )
    return text


def code_at(raw: str | None, line: int) -> str:
    """The INSEE code ``raw`` (normalised), or :class:`ImportInvalide` at ``line``."""
    try:
        return normalize_code(raw or "")
    except CodeInseeInvalide as exc:
        raise ImportInvalide(str(exc), line) from exc
