"""Uploaded CSV files waiting for confirmation: the one « upload → preview → confirm » plumbing
of the browser imports (``/diagnostic/imports``, ``/patrimoine/imports``).

The preview reads the uploaded bytes; they then wait under the instance folder
(``IMPORTS_DIR``, default ``instance/imports``) with a random name (the « jeton » the preview
page carries) until the engineer confirms, and are forgotten after a day. Every refusal is a
:class:`FichierRefuse` whose message is French and says what to do.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from flask import current_app

__all__ = ["ATTENTE_MAX", "FichierRefuse", "csv_text", "forget", "keep", "read_upload", "waiting"]

ATTENTE_MAX = 24 * 3600  # a preview not confirmed within a day is forgotten
_JETON = re.compile(r"^[A-Za-z0-9_-]{20,40}$")
# Not a text file: PDF, ZIP/XLSX/ODS, legacy Office, gzip, images.
MAGIC = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x1f\x8b", b"\x89PNG", b"\xff\xd8")


class FichierRefuse(ValueError):
    """An upload refused before reading (message in French)."""


def read_upload(upload, taille_max: int) -> bytes:
    """The uploaded file's bytes, refused when absent or over ``taille_max`` bytes."""
    if upload is None or not upload.filename:
        raise FichierRefuse("choisissez le fichier à charger.")
    data = upload.read(taille_max + 1)
    if len(data) > taille_max:
        raise FichierRefuse(f"fichier trop volumineux (au plus {taille_max // 1048576} Mo).")
    return data


def csv_text(data: bytes, *, utf8_seulement: bool = False, format_attendu: str = "") -> str:
    """The text of a CSV upload. Not text (spreadsheet, PDF, archive) is refused; bytes that
    are not UTF-8 are refused when ``utf8_seulement``, else read as Windows-1252 (official
    files exported by older tools)."""
    if not data.strip():
        raise FichierRefuse("le fichier est vide.")
    if data.startswith(MAGIC) or b"\x00" in data[:65536]:
        raise FichierRefuse(
            "ce n'est pas un fichier texte CSV (tableur, PDF ou archive ?) : enregistrez-le au "
            f"format CSV{format_attendu}."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if utf8_seulement:
            raise FichierRefuse("le fichier n'est pas encodé en UTF-8.") from None
        return data.decode("cp1252", errors="replace")


def _directory(dossier: str) -> Path:
    base = current_app.config.get("IMPORTS_DIR") or Path(current_app.instance_path) / "imports"
    path = Path(base) / dossier if dossier else Path(base)
    path.mkdir(parents=True, exist_ok=True)
    limit = time.time() - ATTENTE_MAX
    for old in path.glob("*.csv"):
        if old.stat().st_mtime < limit:
            old.unlink(missing_ok=True)
    return path


def keep(data: bytes, dossier: str = "") -> str:
    """Keep the previewed bytes until confirmation; returns their jeton."""
    jeton = secrets.token_urlsafe(18)
    (_directory(dossier) / f"{jeton}.csv").write_bytes(data)
    return jeton


def waiting(jeton: str, dossier: str = "") -> Path:
    """The file a preview kept, or FichierRefuse when the jeton is unknown or expired."""
    path = _directory(dossier) / f"{jeton}.csv"
    if not _JETON.match(jeton or "") or not path.exists():
        raise FichierRefuse("aperçu expiré ou inconnu : chargez de nouveau le fichier.")
    return path


def forget(path: Path) -> None:
    path.unlink(missing_ok=True)
