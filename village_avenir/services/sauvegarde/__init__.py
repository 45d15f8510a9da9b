"""Backup and restore of the whole database and the uploaded documents (``flask export`` /
``flask import``). The archive's format is described in ``services.sauvegarde.format``.

The export reads every table of ``SQLModel.metadata`` in one read transaction (a consistent
snapshot) and writes the archive under a temporary name renamed at the end, so a crash never
leaves a half archive under the requested name.

The import checks everything before writing anything: the zip itself, every member's name,
the manifest, every member's size and SHA-256, the tables and columns against the current
schema. It then writes the rows in ONE transaction (the target must be empty, or
``remplacer`` deletes its rows in the same transaction), resets PostgreSQL's sequences and
journals ``systeme:import-base``. The pieces are written before the commit under their own
(unique) names and removed again if the transaction fails: a crash leaves at worst unused
files, never a database referring to a missing file.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata as importlib_metadata
from pathlib import Path

from sqlalchemy import Integer, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, SQLModel

from ..audit import record
from ..transaction import transaction
from .format import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    SauvegardeInvalide,
    decode,
    encode,
    is_piece_name,
    piece_member,
    table_member,
)
from .lecture import Archive

__all__ = ["Bilan", "SauvegardeInvalide", "export_archive", "import_archive", "row_counts"]

BATCH = 500


@dataclass
class Bilan:
    """What an export or an import did: rows per table, pieces, notes."""

    tables: dict[str, int] = field(default_factory=dict)
    pieces: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{sum(self.tables.values())} lignes dans {len(self.tables)} tables, "
            f"{self.pieces} pièces jointes."
        )


def app_version() -> str:
    try:
        return importlib_metadata.version("village-avenir")
    except importlib_metadata.PackageNotFoundError:  # pragma: no cover - not installed
        return "inconnue"


def tables():
    return list(SQLModel.metadata.sorted_tables)


def row_counts(session: Session) -> dict[str, int]:
    conn = session.connection()
    return {
        t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in tables()
    }


def _snapshot(session: Session):
    """A connection in a read transaction that sees one consistent state of every table."""
    if session.get_bind().dialect.name == "postgresql":
        if session.in_transaction():  # the caller's transaction already fixes the snapshot
            return session.connection()
        return session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    conn = session.connection()
    if not conn.connection.dbapi_connection.in_transaction:
        conn.exec_driver_sql("BEGIN")  # pysqlite begins only before writes: read snapshot
    return conn


def _pieces(pieces_dir: Path) -> list[Path]:
    if not pieces_dir.is_dir():
        return []
    return sorted(
        p
        for p in pieces_dir.iterdir()
        if p.is_file() and not p.is_symlink() and is_piece_name(p.name)
    )


class _HashingWriter:
    def __init__(self, stream):
        self.stream, self.sha, self.size = stream, hashlib.sha256(), 0

    def write(self, data: bytes) -> None:
        self.stream.write(data)
        self.sha.update(data)
        self.size += len(data)


def export_archive(session: Session, destination: Path, pieces_dir: Path) -> Bilan:
    """Write the whole database and the pieces to the zip file ``destination``."""
    destination = Path(destination)
    bilan = Bilan()
    membres: dict[str, dict] = {}
    manifest_tables, manifest_pieces = [], []
    tmp = destination.with_name(f".{destination.name}.{os.getpid()}.partiel")
    try:
        conn = _snapshot(session)
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for table in tables():
                member = table_member(table.name)
                pk = list(table.primary_key.columns) or list(table.columns)
                rows = conn.execution_options(yield_per=BATCH).execute(select(table).order_by(*pk))
                count = 0
                info = zipfile.ZipInfo(member, date_time=datetime.now().timetuple()[:6])
                info.compress_type = zipfile.ZIP_DEFLATED
                with zf.open(info, "w", force_zip64=True) as raw:
                    out = _HashingWriter(raw)
                    for row in rows:
                        obj = {c.name: encode(c, row._mapping[c]) for c in table.columns}
                        out.write(json.dumps(obj, ensure_ascii=False).encode() + b"\n")
                        count += 1
                membres[member] = {"sha256": out.sha.hexdigest(), "taille": out.size}
                bilan.tables[table.name] = count
                columns = [c.name for c in table.columns]
                manifest_tables.append(
                    {"nom": table.name, "fichier": member, "lignes": count, "colonnes": columns}
                )
            for path in _pieces(Path(pieces_dir)):
                member = piece_member(path.name)
                data = path.read_bytes()
                zf.writestr(member, data)
                membres[member] = {"sha256": hashlib.sha256(data).hexdigest(), "taille": len(data)}
                manifest_pieces.append({"nom": path.name, "taille": len(data)})
                bilan.pieces += 1
            manifest = {
                "format": FORMAT,
                "version_format": FORMAT_VERSION,
                "cree_le": datetime.now(UTC).isoformat(),
                "application": {"nom": "village-avenir", "version": app_version()},
                "base_source": session.get_bind().dialect.name,
                "tables": manifest_tables,
                "pieces": manifest_pieces,
                "membres": membres,
            }
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        session.rollback()  # end the read transaction
        os.replace(tmp, destination)
    except BaseException:
        session.rollback()
        tmp.unlink(missing_ok=True)
        raise
    return bilan


# --- import ---------------------------------------------------------------------------------


def _insert_batch(conn, table, batch: list[dict]) -> None:
    conn.execute(table.insert(), batch)


def _decode_row(table, columns, obj, lineno: int) -> dict:
    if not isinstance(obj, dict) or set(obj) != set(columns):
        raise SauvegardeInvalide(
            f"Table « {table.name} », ligne {lineno} : colonnes différentes de celles du manifeste : "
            "rien n'a été importé."
        )
    row = {}
    for name in columns:
        try:
            row[name] = decode(table.columns[name], obj[name])
        except (ValueError, TypeError) as exc:
            raise SauvegardeInvalide(
                f"Table « {table.name} », ligne {lineno} : valeur invalide pour la colonne "
                f"« {name} » ({exc}) : rien n'a été importé."
            ) from exc
    return row


def _reset_sequences(conn) -> None:
    """On PostgreSQL, the next id of every serial column follows the imported rows."""
    if conn.dialect.name != "postgresql":
        return  # SQLite's rowid already continues after the largest id
    for table in tables():
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or pk[0].autoincrement is False or not isinstance(pk[0].type, Integer):
            continue
        seq = conn.execute(select(func.pg_get_serial_sequence(table.name, pk[0].name))).scalar_one()
        if seq is None:
            continue
        largest = conn.execute(select(func.max(pk[0]))).scalar_one() or 0
        conn.execute(select(func.setval(seq, largest + 1, False)))


def _write_pieces(archive: Archive, pieces_dir: Path) -> list[Path]:
    """Write the pieces (atomically each); returns the files created, to undo on failure."""
    pieces_dir.mkdir(parents=True, exist_ok=True)
    created = []
    try:
        for name, data in archive.pieces():
            target = pieces_dir / name
            if target.exists():
                if target.read_bytes() != data:
                    raise SauvegardeInvalide(
                        f"Le dossier des pièces contient déjà un fichier « {name} » différent de "
                        "celui de l'archive : rien n'a été importé."
                    )
                continue
            tmp = pieces_dir / f".{name}.import"
            tmp.write_bytes(data)
            os.replace(tmp, target)
            created.append(target)
    except BaseException:
        _remove(created)
        raise
    return created


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def import_archive(
    session: Session, source: Path, pieces_dir: Path, *, qui: str, remplacer: bool = False
) -> Bilan:
    """Restore ``source`` into the database (empty, or emptied when ``remplacer``)."""
    archive = Archive.open(Path(source), {t.name: t for t in tables()})
    with archive:
        archive.verify()
        before = row_counts(session)
        filled = {name: n for name, n in before.items() if n}
        if filled and not remplacer:
            session.rollback()  # end the read transaction: nothing was written
            detail = ", ".join(f"{name} ({n})" for name, n in filled.items())
            raise SauvegardeInvalide(
                "La base de destination n'est pas vide (" + detail + ") : l'import se fait dans "
                "une base vide (ou avec --remplacer, qui efface d'abord toutes ses données) : "
                "rien n'a été importé."
            )
        created = _write_pieces(archive, Path(pieces_dir))
        bilan = Bilan(pieces=len(archive.manifest["pieces"]))
        try:
            with transaction(session):
                conn = session.connection()
                if filled:
                    for table in reversed(tables()):
                        conn.execute(table.delete())
                for table, columns, rows in archive.tables():
                    batch, count = [], 0
                    for lineno, obj in rows:
                        batch.append(_decode_row(table, columns, obj, lineno))
                        count += 1
                        if len(batch) >= BATCH:
                            _insert_batch(conn, table, batch)
                            batch = []
                    if batch:
                        _insert_batch(conn, table, batch)
                    bilan.tables[table.name] = count
                _reset_sequences(conn)
                manifest = archive.manifest
                record(
                    session,
                    qui=qui,
                    action="systeme:import-base",
                    objet="base",
                    objet_id=Path(source).name[:200],
                    avant={"lignes": filled} if filled else None,
                    apres={
                        "lignes": bilan.tables,
                        "pieces": bilan.pieces,
                        "archive_cree_le": manifest.get("cree_le"),
                        "version_application": manifest.get("application", {}).get("version"),
                        "base_source": manifest.get("base_source"),
                    },
                    motif="Restauration d'une sauvegarde"
                    + (" (remplace les données existantes)" if filled else ""),
                )
        except SQLAlchemyError as exc:
            _remove(created)
            reason = str(getattr(exc, "orig", exc) or exc).splitlines()[0][:300]
            raise SauvegardeInvalide(
                "La base a refusé les données de l'archive (" + reason + ") : rien n'a été importé."
            ) from exc
        except BaseException:
            _remove(created)
            raise
    return bilan
