"""Uploaded documents (the council's deliberation): checked on their bytes, stored outside
the static folder under ``PIECES_DIR`` with a random name, served only through a view that
checks permissions.

A file is accepted only when pypdf (a maintained PDF library) can open it and count its
pages (1 to ``pages_max``) within the size limit: « %PDF- » at the start is not enough (a
PDF/HTML or PDF/HTA polyglot starts so too). Whatever name it was uploaded under, it is kept
and served as ``<name>.pdf`` (``download_name``): a browser never saves it as ``.hta``,
``.html`` or ``.svg``.

A file is checked and named first (``prepare``), written only once the row that refers to it
is committed (``write``), so a refused or crashed transaction leaves no file behind; the
file it replaces is deleted after that (``remove_quietly``).
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from pypdf import PdfReader

from ...domain.candidature import is_pdf
from ...domain.refus import Refus

__all__ = [
    "PAGES_MAX",
    "PieceRefusee",
    "StoredPiece",
    "check_pdf",
    "download_name",
    "path_of",
    "prepare",
    "remove_quietly",
    "write",
]

PAGES_MAX = 100  # default; data/parametres/candidature.toml [deliberation] pages_max


class PieceRefusee(Refus, ValueError):
    """An upload refused (not a PDF, too large, empty), message in French."""


@dataclass(frozen=True)
class StoredPiece:
    fichier: str
    nom: str
    taille: int
    sha256: str


def check_pdf(data: bytes, taille_max: int, pages_max: int = PAGES_MAX) -> int:
    """Refuse (PieceRefusee, French reason) what is not a readable PDF within the limits;
    returns the number of pages."""
    if not data:
        raise PieceRefusee("Le fichier envoyé est vide.")
    if len(data) > taille_max:
        raise PieceRefusee(
            f"Le fichier dépasse la taille autorisée ({taille_max // (1024 * 1024)} Mo) : "
            "réduisez-le (numérisation en niveaux de gris, 150 dpi) et renvoyez-le."
        )
    if not is_pdf(data):
        raise PieceRefusee(
            "Le fichier envoyé n'est pas un document PDF (même si son nom finit par .pdf) : "
            "enregistrez la délibération au format PDF depuis votre logiciel ou votre "
            "numériseur, puis renvoyez-la."
        )
    pages = _count_pages(data)
    if pages > pages_max:
        raise PieceRefusee(
            f"Le PDF compte {pages} pages, plus que les {pages_max} acceptées : envoyez la "
            "délibération seule, sans ses annexes volumineuses."
        )
    return pages


def _count_pages(data: bytes) -> int:
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed files are refused below
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PieceRefusee(
                "Le PDF est protégé par un mot de passe : enregistrez-le sans protection "
                "et renvoyez-le."
            )
        pages = len(reader.pages)
    except PieceRefusee:
        raise
    except Exception as exc:  # pypdf raises many kinds of errors on a damaged or fake file
        raise PieceRefusee(
            "Le fichier commence comme un PDF mais ne peut pas être ouvert comme tel (fichier "
            "abîmé, incomplet ou d'un autre type) : ré-enregistrez la délibération au format "
            "PDF depuis votre logiciel ou votre numériseur, puis renvoyez-la."
        ) from exc
    if pages < 1:
        raise PieceRefusee("Le PDF ne contient aucune page.")
    return pages


def download_name(nom: str | None) -> str:
    """The name a browser saves the file under: the uploaded name's stem, cleaned, always
    ending in ``.pdf`` (``x.hta`` → ``x.pdf``, ``../a.html`` → ``a.pdf``)."""
    nom = "".join(c for c in (nom or "") if not unicodedata.category(c).startswith("C"))
    base = Path(nom.replace("\\", "/")).name
    stem = base[: -len(Path(base).suffix)] if Path(base).suffix else base
    stem = unicodedata.normalize("NFC", stem)
    stem = re.sub(r"[^\w .,()'-]+", "_", stem, flags=re.UNICODE).strip(" ._-")[:120]
    return (stem or "deliberation") + ".pdf"


def remove_quietly(fichier: str | None) -> None:
    """Delete a stored piece that nothing references any more (after the commit that
    replaced it); a missing file is not an error."""
    if not fichier:
        return
    try:
        path_of(fichier).unlink(missing_ok=True)
    except (OSError, PieceRefusee):
        current_app.logger.warning("Pièce %s non supprimée", fichier)


def _directory() -> Path:
    path = Path(current_app.config["PIECES_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def prepare(data: bytes, nom: str, taille_max: int, pages_max: int = PAGES_MAX) -> StoredPiece:
    """Check the file and name it, without writing it: its stored name (random, never the
    user's name) and the name it will be served under (``download_name``: always ``.pdf``)."""
    check_pdf(data, taille_max, pages_max)
    fichier = secrets.token_hex(16) + ".pdf"
    return StoredPiece(fichier, download_name(nom), len(data), hashlib.sha256(data).hexdigest())


def write(fichier: str, data: bytes) -> None:
    """Write a prepared piece (after the commit that refers to it). Atomic: the file appears
    whole under its name or not at all (a dot-named partial file is removed on failure and
    never counts as a piece). Raises OSError when the disk refuses it."""
    target = path_of(fichier)
    partial = target.with_name(f".{fichier}.partiel")
    try:
        partial.write_bytes(data)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def is_stored(fichier: str | None) -> bool:
    """Whether a referenced piece is really on disk (a process stopped between the commit and
    the write leaves a row that names a file that never came). Creates no folder."""
    if not _is_piece_name(fichier):
        return False
    return (Path(current_app.config["PIECES_DIR"]) / fichier).is_file()


def _is_piece_name(fichier: str | None) -> bool:
    """A stored name: no folder part, not a dot-named (partial or hidden) file."""
    return bool(fichier) and not ("/" in fichier or "\\" in fichier or fichier.startswith("."))


def path_of(fichier: str) -> Path:
    if not _is_piece_name(fichier):
        raise PieceRefusee("Nom de pièce invalide.")
    return _directory() / fichier
