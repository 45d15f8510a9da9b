"""The exchanges of an application (internal notes, messages of the Département, replies of
the commune): their kinds, their length limit, and the journaled write shared by instruction
(``services/candidatures/instruction.py``) and the complement answered at deposit (``services/candidatures/dossiers.py``).
"""

from __future__ import annotations

from sqlmodel import Session, select

from ...domain.roles import COMMUNE, INGENIEUR
from ...models import Candidature, Echange
from ..audit import record_candidature

NOTE, MESSAGE, REPONSE = "note", "message", "reponse"
GENRES = {NOTE: "Note interne", MESSAGE: "Message du Département", REPONSE: "Réponse de la commune"}
# Who may write each kind of exchange: notes and messages by the Département, replies by
# the commune.
AUTEURS = {NOTE: INGENIEUR, MESSAGE: INGENIEUR, REPONSE: COMMUNE}
MAX_TEXTE = 10000


def write_echange(session, cand, genre, texte, qui) -> Echange:
    """Add one exchange to an application and journal it (the caller has checked it and
    commits). A note stays internal: its journal entry names no commune."""
    echange = Echange(candidature_id=cand.id, genre=genre, auteur=qui, texte=texte)
    session.add(echange)
    session.flush()
    record_candidature(
        session,
        cand,
        genre,
        qui=qui,
        apres={"echange": echange.id, "texte": texte},
        prive=genre == NOTE,
    )
    return echange


def list_echanges(session: Session, cand: Candidature, *, avec_notes: bool) -> list[Echange]:
    """The exchanges of an application, oldest first; internal notes only ``avec_notes``
    (the Département's side)."""
    stmt = select(Echange).where(Echange.candidature_id == cand.id).order_by(Echange.id)
    if not avec_notes:
        stmt = stmt.where(Echange.genre != NOTE)
    return list(session.exec(stmt).all())
