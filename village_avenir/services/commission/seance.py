"""The selection committee session of a campaign: prepare, freeze the pack, record decisions.

- ``save_session``: date, members present, agenda and order (instructed applications by
  default); refused once the pack is frozen.
- ``freeze``: « Arrêter le dossier de séance » stores the pack (``commission_dossier``) and
  its map as JSON; it is never rewritten afterwards.
- ``decide``: a decision in session (retenue / non retenue / ajournée, motivated) recorded
  against the frozen pack. « Retenue » and « non retenue » move the application through the
  EXISTING workflow (``instruction.transition``, which also sends the e-mails once issue 12
  lands); the decision row and the state change are one transaction. « Ajournée » records the
  decision only: the application stays in instruction (no new workflow state), so that it can
  be decided later from the instruction page or by a later committee.

Every write is journaled (``objet="commission"``).
"""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import Session, select

from ...domain import workflow as wf
from ...domain.eligibilite import Rules
from ...domain.refus import Refus
from ...models import Campagne, Candidature, Commune, DecisionCommission, SeanceCommission, utcnow
from ..audit import record
from ..candidatures import instruction
from ..courriels import messages as courriels
from ..diagnostic.calcul import latest_snapshot
from ..diagnostic.instantanes import take_snapshot
from ..transaction import transaction
from .dossier import build_pack

__all__ = [
    "AJOURNEE",
    "DECISIONS",
    "ON_AGENDA",
    "BY_DEFAULT",
    "CommissionRefusee",
    "candidates",
    "decide",
    "decisions_for",
    "decisions_of",
    "freeze",
    "frozen_pack",
    "live_pack",
    "ordre_of",
    "save_session",
    "seance_of",
]

AJOURNEE = "ajournee"
DECISIONS = {"retenue": "Retenue", "non_retenue": "Non retenue", AJOURNEE: "Ajournée"}
_WORKFLOW_TARGET = {"retenue": wf.RETENUE, "non_retenue": wf.NON_RETENUE}
# Applications that may be put on the agenda, and those put there by default (instructed:
# the workflow allows a decision from these states).
ON_AGENDA = (wf.DEPOSEE, wf.EN_INSTRUCTION, wf.COMPLEMENT_DEMANDE, wf.COMPLETEE)
BY_DEFAULT = (wf.EN_INSTRUCTION, wf.COMPLETEE)
MAX_TEXTE = 5000


class CommissionRefusee(Refus, ValueError):
    """The committee action is not possible as asked (message in French)."""


def seance_of(session: Session, campagne: Campagne) -> SeanceCommission | None:
    stmt = select(SeanceCommission).where(SeanceCommission.campagne_id == campagne.id)
    return session.exec(stmt).first()


def candidates(session: Session, campagne: Campagne) -> list[tuple[Candidature, Commune]]:
    """Applications of the campaign that may go on the agenda, by commune name."""
    stmt = (
        select(Candidature, Commune)
        .join(Commune, Commune.code_insee == Candidature.code_insee)
        .where(Candidature.campagne_id == campagne.id, Candidature.etat.in_(ON_AGENDA))
        .order_by(Commune.nom)
    )
    return [tuple(r) for r in session.exec(stmt).all()]


def ordre_of(session: Session, campagne: Campagne, seance: SeanceCommission | None) -> list[int]:
    """The agenda: the saved one, or the instructed applications by default."""
    if seance is not None:
        return json.loads(seance.ordre_du_jour)
    return [c.id for c, _ in candidates(session, campagne) if c.etat in BY_DEFAULT]


def _seance_dict(seance: SeanceCommission | None, default_date: date | None = None) -> dict:
    return {
        "id": seance.id if seance else None,
        "date": (seance.date_seance if seance else default_date or date.today()).isoformat(),
        "membres": seance.membres if seance else "",
    }


def live_pack(session: Session, campagne: Campagne, rules: Rules) -> dict:
    """The pack as it would be frozen now (shown while the session is prepared)."""
    seance = seance_of(session, campagne)
    return build_pack(
        session, campagne, rules, ordre_of(session, campagne, seance), _seance_dict(seance)
    )


def frozen_pack(seance: SeanceCommission | None) -> dict | None:
    return json.loads(seance.dossier) if seance is not None and seance.dossier else None


def save_session(
    session: Session,
    campagne: Campagne,
    *,
    date_seance: date,
    membres: str,
    ordre: list[int],
    qui: str,
) -> SeanceCommission:
    """Create or update the session being prepared (journaled)."""
    seance = seance_of(session, campagne)
    if seance is not None and seance.dossier:
        raise CommissionRefusee("Le dossier de séance est arrêté : il ne peut plus être modifié.")
    membres = (membres or "").strip()
    if len(membres) > MAX_TEXTE:
        raise CommissionRefusee(f"La liste des membres est limitée à {MAX_TEXTE} caractères.")
    allowed = {c.id for c, _ in candidates(session, campagne)}
    if len(set(ordre)) != len(ordre) or not set(ordre) <= allowed:
        raise CommissionRefusee(
            "L'ordre du jour ne peut contenir que des candidatures déposées de cet appel, "
            "chacune une seule fois."
        )
    avant = None
    if seance is None:
        seance = SeanceCommission(campagne_id=campagne.id, date_seance=date_seance, cree_par=qui)
    else:
        avant = {
            "date": seance.date_seance,
            "membres": seance.membres,
            "ordre": json.loads(seance.ordre_du_jour),
        }
    with transaction(session):
        seance.date_seance, seance.membres = date_seance, membres
        seance.ordre_du_jour = json.dumps(ordre)
        session.add(seance)
        session.flush()
        record(
            session,
            qui=qui,
            action="commission:seance",
            objet="commission",
            objet_id=str(seance.id),
            avant=avant,
            apres={
                "campagne": campagne.id,
                "date": date_seance,
                "membres": membres,
                "ordre": ordre,
            },
        )
    return seance


def freeze(
    session: Session, campagne: Campagne, rules: Rules, *, qui: str, carte=None
) -> SeanceCommission:
    """« Arrêter le dossier de séance »: store the pack (and the map drawn from it by
    ``carte(pack) -> str``) as shown now. Refused when already frozen or empty."""
    seance = seance_of(session, campagne)
    if seance is None:
        raise CommissionRefusee("Enregistrez d'abord la séance (date, membres, ordre du jour).")
    if seance.dossier:
        raise CommissionRefusee("Le dossier de séance est déjà arrêté.")
    if not json.loads(seance.ordre_du_jour):
        raise CommissionRefusee("L'ordre du jour est vide : aucune candidature à présenter.")
    with transaction(session):
        # The pack refers to a snapshot, never a provisional run.
        if latest_snapshot(session) is None:
            motif = "Dossier de séance de la commission"
            take_snapshot(session, qui=qui, motif=motif, commit=False)
        pack = build_pack(
            session, campagne, rules, json.loads(seance.ordre_du_jour), _seance_dict(seance)
        )
        if not pack["candidatures"]:
            raise CommissionRefusee("L'ordre du jour est vide : aucune candidature à présenter.")
        now = utcnow()
        pack["arrete_le"], pack["arrete_par"] = now.isoformat(), qui
        pack["carte_svg"] = carte(pack) if carte else None
        seance.dossier, seance.arrete_le, seance.arrete_par = json.dumps(pack), now, qui
        session.add(seance)
        record(
            session,
            qui=qui,
            action="commission:arret",
            objet="commission",
            objet_id=str(seance.id),
            apres={
                "instantane": pack["instantane"]["id"],
                "regles": pack["regles"]["version"],
                "candidatures": {r["candidature_id"]: r["version"] for r in pack["candidatures"]},
            },
        )
    return seance


def decisions_of(
    session: Session, seance: SeanceCommission | None
) -> dict[int, DecisionCommission]:
    if seance is None:
        return {}
    stmt = select(DecisionCommission).where(DecisionCommission.seance_id == seance.id)
    return {d.candidature_id: d for d in session.exec(stmt).all()}


def decisions_for(session: Session, cand: Candidature) -> list[tuple[DecisionCommission, date]]:
    """The committee decisions on one application, with the date of their session."""
    stmt = (
        select(DecisionCommission, SeanceCommission.date_seance)
        .join(SeanceCommission, SeanceCommission.id == DecisionCommission.seance_id)
        .where(DecisionCommission.candidature_id == cand.id)
        .order_by(DecisionCommission.id)
    )
    return [tuple(r) for r in session.exec(stmt).all()]


def decide(
    session: Session,
    seance: SeanceCommission,
    cid: int,
    *,
    decision: str,
    motivation: str,
    qui: str,
    role: str,
) -> DecisionCommission:
    """Record one decision against the frozen pack and apply it through the workflow."""
    pack = frozen_pack(seance)
    if pack is None:
        raise CommissionRefusee(
            "Arrêtez d'abord le dossier de séance : les décisions s'y réfèrent."
        )
    if cid not in {r["candidature_id"] for r in pack["candidatures"]}:
        raise CommissionRefusee("Cette candidature n'est pas au dossier de séance.")
    if decision not in DECISIONS:
        raise CommissionRefusee("Choisissez une décision : retenue, non retenue ou ajournée.")
    motivation = (motivation or "").strip()
    if not motivation:
        raise CommissionRefusee("La décision de la commission doit être motivée.")
    if len(motivation) > MAX_TEXTE:
        raise CommissionRefusee(f"La motivation est limitée à {MAX_TEXTE} caractères.")
    if cid in decisions_of(session, seance):
        raise CommissionRefusee("La commission a déjà statué sur cette candidature.")
    cand = session.get(Candidature, cid)
    row = DecisionCommission(
        seance_id=seance.id, candidature_id=cid, decision=decision, motivation=motivation, par=qui
    )
    with transaction(session):
        session.add(row)
        session.flush()
        record(
            session,
            qui=qui,
            action="commission:decision"
            if decision in _WORKFLOW_TARGET
            else "commission:ajournement",
            objet="commission",
            objet_id=str(seance.id),
            code_insee=cand.code_insee,
            apres={"candidature": cid, "decision": decision, "motivation": motivation},
        )
        if decision in _WORKFLOW_TARGET:
            # The existing workflow commits the decision row with the state change.
            instruction.transition(
                session,
                cand,
                cible=_WORKFLOW_TARGET[decision],
                role=role,
                qui=qui,
                motif=f"Décision de la commission de sélection du "
                f"{seance.date_seance:%d/%m/%Y} : {motivation}",
            )
        else:  # ajournée: the application stays in instruction, the commune is told
            commune_nom = session.get(Commune, cand.code_insee).nom
            courriels.ajournement(session, cand, commune_nom, seance.date_seance, motivation)
    return row
