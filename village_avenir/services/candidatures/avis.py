"""The engineer's opinion (avis) on an application, for the selection committee.

One current opinion per application, replaced when the engineer changes it; every change is
journaled with the previous value. It is distinct from the internal notes (``Echange``).

Who sees it: the Département always; the commune only once the application is decided
(retenue, non retenue, classée sans suite). Before the decision the opinion is a preparatory
document (Code des relations entre le public et l'administration, art. L311-2: preparatory
documents become communicable once the decision is taken), so it is journaled without
``code_insee`` (like private notes) and shown to the commune only after the decision.
"""

from __future__ import annotations

from sqlmodel import Session, select

from ...domain import workflow as wf
from ...domain.roles import COMMUNE
from ...models import AvisInstruction, Candidature, utcnow
from ..audit import record_candidature
from ..transaction import transaction
from .dossiers import CandidatureRefusee

__all__ = ["AVIS", "MAX_TEXTE", "avis_of", "avis_by_candidature", "give_opinion", "visible_to"]

AVIS = {"favorable": "Favorable", "reserve": "Réservé", "defavorable": "Défavorable"}
MAX_TEXTE = 5000


def avis_of(session: Session, cand: Candidature) -> AvisInstruction | None:
    return session.exec(
        select(AvisInstruction).where(AvisInstruction.candidature_id == cand.id)
    ).first()


def avis_by_candidature(session: Session, ids: list[int]) -> dict[int, AvisInstruction]:
    """The opinions of several applications in one query."""
    if not ids:
        return {}
    stmt = select(AvisInstruction).where(AvisInstruction.candidature_id.in_(ids))
    return {a.candidature_id: a for a in session.exec(stmt).all()}


def visible_to(cand: Candidature, role: str) -> bool:
    """The commune sees the opinion only once the application is decided."""
    return role != COMMUNE or cand.etat in wf.FINAL_STATES


def give_opinion(
    session: Session, cand: Candidature, *, avis: str, motivation: str, enjeux: str, qui: str
) -> AvisInstruction:
    """Record (or replace) the engineer's opinion; refused with a French message when the
    input is wrong or the application is not under instruction."""
    motivation, enjeux = (motivation or "").strip(), (enjeux or "").strip()
    if avis not in AVIS:
        raise CandidatureRefusee("Choisissez un avis : favorable, réservé ou défavorable.")
    if not motivation:
        raise CandidatureRefusee("L'avis doit être motivé.")
    if len(motivation) > MAX_TEXTE or len(enjeux) > MAX_TEXTE:
        raise CandidatureRefusee(
            f"La motivation et les enjeux sont limités à {MAX_TEXTE} caractères."
        )
    if cand.etat == wf.BROUILLON or cand.etat in wf.FINAL_STATES:
        raise CandidatureRefusee(
            f"La candidature est « {wf.label(cand.etat)} » : l'avis se donne pendant l'instruction."
        )
    row = avis_of(session, cand)
    avant = None
    if row is None:
        row = AvisInstruction(candidature_id=cand.id, avis=avis, motivation="", par=qui)
    else:
        avant = {"avis": row.avis, "motivation": row.motivation, "enjeux": row.enjeux}
    with transaction(session):
        row.avis, row.motivation, row.enjeux = avis, motivation, enjeux
        row.par, row.le = qui, utcnow()
        session.add(row)
        record_candidature(
            session,
            cand,
            "avis",
            qui=qui,
            avant=avant,
            apres={"avis": avis, "motivation": motivation, "enjeux": enjeux},
            prive=True,
        )
    return row
