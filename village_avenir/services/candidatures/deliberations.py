"""The council's deliberation attached to an application: the four fields of the row that
refer to its file (``services.candidatures.pieces``), set or put back inside the caller's transaction.

The file itself is written only after the commit that refers to it (``candidatures.save_draft``):
a refused or crashed commit leaves no file behind. When the disk then refuses the file,
``restore`` makes the row refer again to the previous one (still on disk: a replaced file is
deleted only once the new one is written), journaled, and the commune is told to send it
again (``NON_ECRITE``).
"""

from __future__ import annotations

from sqlmodel import Session

from ...models import Candidature
from ..audit import record_candidature
from .pieces import StoredPiece

__all__ = ["FIELDS", "NON_ECRITE", "attach", "current", "restore"]

FIELDS = ("deliberation_fichier", "deliberation_nom", "deliberation_taille", "deliberation_sha256")

NON_ECRITE = (
    "Le serveur n'a pas pu enregistrer le fichier (erreur d'écriture) : renvoyez-le. Si "
    "l'erreur persiste, prévenez le Département."
)


def current(cand: Candidature) -> dict:
    """The deliberation fields as they are (to put them back with ``restore``)."""
    return {name: getattr(cand, name) for name in FIELDS}


def attach(cand: Candidature, stored: StoredPiece) -> None:
    """Make the application refer to a prepared piece (not committed)."""
    values = (stored.fichier, stored.nom, stored.taille, stored.sha256)
    for name, value in zip(FIELDS, values, strict=True):
        setattr(cand, name, value)


def restore(session: Session, cand: Candidature, previous: dict, *, qui: str) -> None:
    """Refer again to the previous piece, journaled (not committed): the new file could not
    be written after the commit."""
    avant = {"deliberation": cand.deliberation_nom}
    for name, value in previous.items():
        setattr(cand, name, value)
    session.add(cand)
    record_candidature(
        session,
        cand,
        "modification",
        qui=qui,
        avant=avant,
        apres={"deliberation": cand.deliberation_nom},
        motif="Fichier de la délibération non enregistré sur le serveur (erreur d'écriture) : "
        "la délibération précédente est conservée.",
    )
