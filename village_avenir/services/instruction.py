"""Instruction by the Département: state transitions, private notes, messages to the commune
and the commune's replies. Each writer is one journaled transaction.

Private notes are journaled without ``code_insee`` so that they never appear, even as a
line, in the commune's public history.
"""

from __future__ import annotations

from sqlmodel import Session, select

from ..domain import workflow as wf
from ..models import Candidature, Commune, Echange, utcnow
from . import courriels
from .audit import record
from .candidatures import CandidatureRefusee, ConflitEdition
from .transaction import transaction

__all__ = ["GENRES", "add_echange", "echanges", "transition"]

NOTE, MESSAGE, REPONSE = "note", "message", "reponse"
GENRES = {NOTE: "Note interne", MESSAGE: "Message du Département", REPONSE: "Réponse de la commune"}
# Who may write each kind of exchange: notes and messages by the Département, replies by
# the commune.
_AUTHORS = {NOTE: wf.INGENIEUR, MESSAGE: wf.INGENIEUR, REPONSE: wf.COMMUNE}
MAX_TEXTE = 10000


def _acting(role: str) -> str:
    return wf.INGENIEUR if role == wf.ADMIN else role


def echanges(session: Session, cand: Candidature, *, avec_notes: bool) -> list[Echange]:
    stmt = select(Echange).where(Echange.candidature_id == cand.id).order_by(Echange.id)
    if not avec_notes:
        stmt = stmt.where(Echange.genre != NOTE)
    return list(session.exec(stmt).all())


def _add(session, cand, genre, texte, qui) -> Echange:
    echange = Echange(candidature_id=cand.id, genre=genre, auteur=qui, texte=texte)
    session.add(echange)
    session.flush()
    record(
        session,
        qui=qui,
        action=f"candidature:{genre}",
        objet="candidature",
        objet_id=str(cand.id),
        code_insee=None if genre == NOTE else cand.code_insee,
        apres={"echange": echange.id, "texte": texte},
    )
    return echange


def add_echange(
    session: Session, cand: Candidature, *, genre: str, texte: str, qui: str, role: str
) -> Echange:
    texte = (texte or "").strip()
    if genre not in GENRES:
        raise CandidatureRefusee(f"Type d'échange inconnu « {genre} ».")
    if _AUTHORS[genre] != _acting(role):
        raise CandidatureRefusee("Votre rôle ne permet pas d'écrire ce type de message.")
    if not texte:
        raise CandidatureRefusee("Le message est vide.")
    if len(texte) > MAX_TEXTE:
        raise CandidatureRefusee(f"Le message dépasse {MAX_TEXTE} caractères.")
    if genre == REPONSE and cand.etat in wf.FINAL_STATES | {wf.BROUILLON}:
        raise CandidatureRefusee(
            f"La candidature est « {wf.label(cand.etat)} » : aucune réponse n'est attendue."
        )
    with transaction(session, conflit=ConflitEdition):
        echange = _add(session, cand, genre, texte, qui)
    return echange


def transition(
    session: Session,
    cand: Candidature,
    *,
    cible: str,
    role: str,
    qui: str,
    motif: str | None = None,
    version_attendue: int | None = None,
) -> Candidature:
    """An engineer moves the application (a request for a complement sends ``motif`` to the
    commune as a message; a decision keeps ``motif`` as its motivation).

    The commune's accounts are told by e-mail of a complement request and of a decision: the
    messages are queued in the outbox in this same transaction (``services.courriels``), so
    every caller (the instruction page, the selection committee…) gets them."""
    if version_attendue is not None and version_attendue != cand.version:
        raise ConflitEdition()
    motif = (motif or "").strip()
    if len(motif) > MAX_TEXTE:
        raise wf.TransitionInvalide(
            f"Le texte compte {len(motif)} caractères, {MAX_TEXTE} au plus : raccourcissez-le."
        )
    t = wf.check_transition(cand.etat, cible, role, motif)
    if wf.COMMUNE in t.roles:
        raise wf.TransitionInvalide("Cette étape est faite par la commune depuis son dossier.")
    avant = {"etat": cand.etat, "decision_motif": cand.decision_motif}
    with transaction(session, conflit=ConflitEdition):
        cand.etat, cand.etat_depuis, cand.modifie_le = cible, utcnow(), utcnow()
        if cible in wf.FINAL_STATES:
            cand.decision_motif = motif
        session.add(cand)
        if cible == wf.COMPLEMENT_DEMANDE:
            _add(session, cand, MESSAGE, motif, qui)
        record(
            session,
            qui=qui,
            action="candidature:decision" if cible in wf.FINAL_STATES else "candidature:transition",
            objet="candidature",
            objet_id=str(cand.id),
            code_insee=cand.code_insee,
            avant=avant,
            apres={"etat": cible, "decision_motif": cand.decision_motif},
        )
        if cible == wf.COMPLEMENT_DEMANDE:
            commune_nom = session.get(Commune, cand.code_insee).nom
            courriels.complement_demande(session, cand, commune_nom, motif)
        elif cible in wf.FINAL_STATES:
            commune_nom = session.get(Commune, cand.code_insee).nom
            courriels.decision(session, cand, commune_nom, wf.label(cible))
    return cand
