"""Instruction by the Département: state transitions, private notes, messages to the commune
and the commune's replies. Each writer is one journaled transaction.

Private notes are journaled without ``code_insee`` so that they never appear, even as a
line, in the commune's public history.
"""

from __future__ import annotations

from sqlmodel import Session

from ...domain import workflow as wf
from ...domain.roles import ADMIN, COMMUNE, INGENIEUR
from ...models import Candidature, Commune, Echange, utcnow
from ..audit import record_candidature
from ..courriels import messages as courriels
from ..transaction import transaction
from .dossiers import CandidatureRefusee, ConflitEdition
from .echanges import AUTEURS, GENRES, MAX_TEXTE, MESSAGE, NOTE, REPONSE, write_echange

__all__ = ["add_echange", "transition"]


def _acting(role: str) -> str:
    return INGENIEUR if role == ADMIN else role


def add_echange(
    session: Session, cand: Candidature, *, genre: str, texte: str, qui: str, role: str
) -> Echange:
    texte = (texte or "").strip()
    if genre not in GENRES:
        raise CandidatureRefusee(f"Type d'échange inconnu « {genre} ».")
    if AUTEURS[genre] != _acting(role):
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
        echange = write_echange(session, cand, genre, texte, qui)
        if genre != NOTE:  # the other side hears of it, in the same transaction (outbox)
            commune_nom = session.get(Commune, cand.code_insee).nom
            courriels.echange(session, cand, commune_nom, genre, texte)
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
    messages are queued in the outbox in this same transaction (``services.courriels.messages``), so
    every caller (the instruction page, the selection committee…) gets them."""
    if version_attendue is not None and version_attendue != cand.version:
        raise ConflitEdition()
    motif = (motif or "").strip()
    if len(motif) > MAX_TEXTE:
        raise wf.TransitionInvalide(
            f"Le texte compte {len(motif)} caractères, {MAX_TEXTE} au plus : raccourcissez-le."
        )
    t = wf.check_transition(cand.etat, cible, role, motif)
    if COMMUNE in t.roles:
        raise wf.TransitionInvalide("Cette étape est faite par la commune depuis son dossier.")
    avant = {"etat": cand.etat, "decision_motif": cand.decision_motif}
    with transaction(session, conflit=ConflitEdition):
        cand.etat, cand.etat_depuis, cand.modifie_le = cible, utcnow(), utcnow()
        if cible in wf.FINAL_STATES:
            cand.decision_motif = motif
        session.add(cand)
        if cible == wf.COMPLEMENT_DEMANDE:
            write_echange(session, cand, MESSAGE, motif, qui)
        record_candidature(
            session,
            cand,
            "decision" if cible in wf.FINAL_STATES else "transition",
            qui=qui,
            avant=avant,
            apres={"etat": cible, "decision_motif": cand.decision_motif},
        )
        if cible == wf.COMPLEMENT_DEMANDE:
            commune_nom = session.get(Commune, cand.code_insee).nom
            courriels.complement_demande(session, cand, commune_nom, motif)
        elif cible in wf.FINAL_STATES:
            commune_nom = session.get(Commune, cand.code_insee).nom
            courriels.decision(session, cand, commune_nom, wf.label(cible))
        else:  # another step (« en instruction »): the commune follows its application
            commune_nom = session.get(Commune, cand.code_insee).nom
            courriels.etape(session, cand, commune_nom, wf.label(cible))
    return cand
