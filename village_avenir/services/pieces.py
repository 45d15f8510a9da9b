"""Uploaded documents (the council's deliberation): checked on their bytes, stored outside
the static folder under ``PIECES_DIR`` with a random name, served only through a view that
checks permissions.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from ..domain.candidature import is_pdf

__all__ = ["PieceRefusee", "StoredPiece", "check_pdf", "path_of", "store"]


class PieceRefusee(ValueError):
    """An upload refused (not a PDF, too large, empty), message in French."""


@dataclass(frozen=True)
class StoredPiece:
    fichier: str
    nom: str
    taille: int
    sha256: str


def check_pdf(data: bytes, taille_max: int) -> None:
    if not data:
        raise PieceRefusee("Le fichier envoyé est vide.")
    if len(data) > taille_max:
        raise PieceRefusee(
            f"Le fichier dépasse la taille autorisée ({taille_max // (1024 * 1024)} Mio) : "
            "réduisez-le (numérisation en niveaux de gris, 150 dpi) et renvoyez-le."
        )
    if not is_pdf(data):
        raise PieceRefusee(
            "Le fichier envoyé n'est pas un document PDF (même si son nom finit par .pdf) : "
            "enregistrez la délibération au format PDF depuis votre logiciel ou votre "
            "numériseur, puis renvoyez-la."
        )


def _directory() -> Path:
    path = Path(current_app.config["PIECES_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(data: bytes, nom: str, taille_max: int) -> StoredPiece:
    """Check and write the file; returns its stored name (random, never the user's name)."""
    check_pdf(data, taille_max)
    fichier = secrets.token_hex(16) + ".pdf"
    (_directory() / fichier).write_bytes(data)
    # Only the last part of the name: « ../../x.pdf » and « C:\\Users\\x.pdf » both give x.pdf.
    base = Path((nom or "deliberation.pdf").replace("\\", "/")).name
    safe_name = "".join(c for c in base if c.isprintable())[:255]
    return StoredPiece(
        fichier, safe_name or "deliberation.pdf", len(data), hashlib.sha256(data).hexdigest()
    )


def path_of(fichier: str) -> Path:
    if not fichier or "/" in fichier or "\\" in fichier or fichier.startswith("."):
        raise PieceRefusee("Nom de pièce invalide.")
    return _directory() / fichier
