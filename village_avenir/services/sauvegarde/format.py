"""The backup archive's format: member names, value encoding, manifest checks.

An archive is one zip file holding:

- ``manifest.json``: format name and version, creation date, application version, source
  database dialect, the tables (file, columns, row count), the pieces (name, size) and the
  SHA-256 of every other member;
- ``tables/<table>.jsonl``: one JSON object per row, keyed by column name, in primary-key
  order. Values are encoded by their column type so that they come back identical:
  datetimes and dates as ISO 8601 (with their offset when they have one), ``Decimal`` as a
  string, binary (WKB geometries) as base64, JSON columns as they are, NULL as ``null``;
- ``pieces/<name>``: the uploaded documents (``PIECES_DIR``), byte for byte.

Nothing else is accepted on import: no absolute path, no ``..``, no directory, no member
absent from the manifest (zip-slip and smuggled files are refused before anything is read).
"""

from __future__ import annotations

import base64
import re
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, LargeBinary, Numeric, Time
from sqlalchemy.sql.schema import Column
from sqlalchemy.types import TypeDecorator

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "MANIFEST",
    "SauvegardeInvalide",
    "check_member_name",
    "decode",
    "encode",
    "is_piece_name",
    "piece_member",
    "table_member",
]

FORMAT = "village-avenir-sauvegarde"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
_PIECE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,199}")
_TABLE_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")


class SauvegardeInvalide(ValueError):
    """An archive refused, or an import that cannot be done (message in French)."""


def is_piece_name(name: str) -> bool:
    """A plain file name as written by ``services.candidatures.pieces`` (no path, no leading dot)."""
    return bool(_PIECE_NAME.fullmatch(name)) and ".." not in name


def table_member(table: str) -> str:
    if not _TABLE_NAME.fullmatch(table):
        raise SauvegardeInvalide(f"Nom de table invalide dans le manifeste : « {table} ».")
    return f"tables/{table}.jsonl"


def piece_member(name: str) -> str:
    if not is_piece_name(name):
        raise SauvegardeInvalide(f"Nom de pièce invalide dans le manifeste : « {name} ».")
    return f"pieces/{name}"


def check_member_name(name: str) -> None:
    """Refuse any member that could be written outside its folder (zip-slip)."""
    if (
        not name
        or name.startswith(("/", "\\"))
        or "\\" in name
        or re.match(r"^[A-Za-z]:", name)
        or any(part in {"", ".", ".."} for part in name.split("/"))
    ):
        raise SauvegardeInvalide(
            f"L'archive contient un chemin interdit (« {name} ») : elle est refusée, "
            "rien n'a été importé."
        )


def encode(column: Column, value: Any) -> Any:
    """The JSON value of ``value`` read from ``column``."""
    if value is None:
        return None
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def decode(column: Column, value: Any) -> Any:
    """The Python value of ``column`` from its JSON form; ValueError/TypeError if invalid."""
    if value is None:
        return None
    kind = column.type
    while isinstance(kind, TypeDecorator):  # e.g. SQLModel's UTCDateTime
        kind = kind.impl_instance
    if isinstance(kind, JSON):
        return value
    if isinstance(kind, LargeBinary):
        return base64.b64decode(_str(value), validate=True)
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(_str(value))
    if isinstance(kind, Date):
        return date.fromisoformat(_str(value))
    if isinstance(kind, Time):
        return time.fromisoformat(_str(value))
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise TypeError("booléen attendu")
        return value
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError("entier attendu")
        return value
    if isinstance(kind, Float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError("nombre attendu")
        return float(value)
    if isinstance(kind, Numeric):
        return Decimal(_str(value))
    return _str(value)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("texte attendu")
    return value
