"""Three-year follow-up of a validated projet stratégique: action statuses, yearly reviews,
the commune's timeline.

A status (à engager, engagée, réalisée, abandonnée) is dated and, for an abandonment,
explained. An engineer's status counts at once; a commune's is a proposal that an engineer
accepts or refuses (like declared values), each step journaled and e-mailed to whom it
concerns. ``attendu`` (the id of the action's latest entry the user saw, 0 for none) turns a
concurrent change into :class:`PlanConflit`.
"""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import Session, select

from ...domain.dates import as_utc
from ...domain.projet import STATUTS_SUIVI, ProjetInvalide, check_suivi
from ...formatting import local
from ...models import Commune, PlanRevue, PlanSuivi, PlanVersion, utcnow
from ..audit import record
from ..transaction import transaction
from . import messages
from .store import ActionIntrouvable, PlanConflit, PlanInvalide, actions_of
from .validation import last_validated

__all__ = [
    "STATUTS_SUIVI",
    "decide_statut",
    "last_entry_id",
    "list_revues",
    "pending",
    "record_revue",
    "set_statut",
    "statuts",
    "timeline",
]

BILAN_MAX = 5000


def _journal(session, qui, what, code, objet_id, avant=None, apres=None, motif=None):
    record(session, qui=qui, action=f"plan:{what}", objet="plan", objet_id=objet_id,
           code_insee=code, avant=avant, apres=apres, motif=motif)  # fmt: skip


def _entries(session: Session, code: str) -> list[PlanSuivi]:
    stmt = select(PlanSuivi).where(PlanSuivi.code_insee == code)
    return list(session.exec(stmt.order_by(PlanSuivi.id)).all())


def statuts(session: Session, code: str) -> dict[int, PlanSuivi]:
    """``cle → latest accepted entry`` (by status date, then entry order)."""
    out: dict[int, PlanSuivi] = {}
    for e in _entries(session, code):
        if e.etat != "validee":
            continue
        prev = out.get(e.cle)
        if prev is None or (e.date_statut, e.id) >= (prev.date_statut, prev.id):
            out[e.cle] = e
    return out


def pending(session: Session, code: str) -> list[PlanSuivi]:
    return [e for e in _entries(session, code) if e.etat == "proposee"]


def last_entry_id(session: Session, code: str, cle: int) -> int:
    """The id of the action's latest entry (0 for none): what a form expects unchanged."""
    ids = [e.id for e in _entries(session, code) if e.cle == cle]
    return max(ids) if ids else 0


def _followed_action(session, code, cle):
    version = last_validated(session, code)
    if version is None:
        raise PlanInvalide("Le suivi commence quand le projet stratégique est validé.")
    row = next((a for a in actions_of(session, version) if a.cle == cle), None)
    if row is None:
        raise ActionIntrouvable(f"Action {cle} absente du projet validé.")
    return version, row


def set_statut(
    session: Session,
    code: str,
    cle: int,
    statut: str,
    quand: date,
    motif: str,
    *,
    qui: str,
    par_commune: bool,
    attendu: int | None = None,
    aujourd_hui: date | None = None,
) -> PlanSuivi:
    """Record a status: accepted at once from an engineer, proposed from the commune."""
    version, row = _followed_action(session, code, cle)
    today = aujourd_hui or local(utcnow()).date()
    check_suivi(statut, quand, motif, today, local(as_utc(version.validee_le)).date())
    with transaction(session):
        if attendu is not None and last_entry_id(session, code, cle) != attendu:
            raise PlanConflit(
                "Le suivi de cette action a changé entre-temps. Rechargez la page : votre "
                "statut n'a pas été enregistré."
            )
        commune = session.get(Commune, code)
        entry = PlanSuivi(
            code_insee=code,
            cle=cle,
            statut=statut,
            date_statut=quand,
            motif=motif.strip(),
            etat="proposee" if par_commune else "validee",
            propose_par=qui,
            decide_par=None if par_commune else qui,
            decide_le=None if par_commune else utcnow(),
        )
        session.add(entry)
        session.flush()
        label = STATUTS_SUIVI[statut]
        _journal(session, qui, "statut_propose" if par_commune else "statut", code,
                 f"{code} action {cle}", apres={"cle": cle, "libelle": row.libelle,
                 "statut": statut, "date": quand.isoformat(), "etat": entry.etat},
                 motif=motif or None)  # fmt: skip
        if par_commune:
            messages.statut_propose(session, commune, row.libelle, label)
        else:
            messages.statut_decide(session, commune, row.libelle, label, quand=quand)
        return entry


def decide_statut(
    session: Session, code: str, entry_id: int, accepter: bool, reponse: str, *, qui: str
) -> PlanSuivi:
    """An engineer accepts or refuses a status the commune proposed."""
    entry = session.get(PlanSuivi, entry_id)
    if entry is None or entry.code_insee != code:
        raise ActionIntrouvable("Proposition de statut introuvable.")
    if entry.etat != "proposee":
        raise PlanConflit("Cette proposition a déjà été traitée : rechargez la page.")
    if not accepter and not reponse.strip():
        raise ProjetInvalide("Dites à la commune pourquoi le statut est refusé.")
    if len(reponse) > 500:
        raise ProjetInvalide("La réponse tient en 500 caractères au plus.")
    _, row = _followed_action(session, code, entry.cle)
    with transaction(session):
        avant = {"etat": entry.etat}
        entry.etat = "validee" if accepter else "refusee"
        entry.decide_par, entry.decide_le, entry.reponse = qui, utcnow(), reponse.strip()
        session.add(entry)
        _journal(
            session,
            qui,
            "statut_decision",
            code,
            f"{code} action {entry.cle}",
            avant,
            {"etat": entry.etat, "statut": entry.statut},
            reponse or None,
        )
        messages.statut_decide(
            session,
            session.get(Commune, code),
            row.libelle,
            STATUTS_SUIVI[entry.statut],
            accepte=accepter,
            reponse=reponse.strip(),
        )
        return entry


def _counts(session, code, version) -> dict[str, int]:
    current = statuts(session, code)
    counts = dict.fromkeys(STATUTS_SUIVI, 0)
    for a in actions_of(session, version):
        counts[current[a.cle].statut if a.cle in current else a.statut] += 1
    return counts


def record_revue(session: Session, code: str, annee: int, bilan: str, *, qui: str) -> PlanRevue:
    """The yearly review (one per year), with the counts of actions by status that day."""
    version = last_validated(session, code)
    if version is None:
        raise PlanInvalide("La revue annuelle suit un projet stratégique validé.")
    debut = local(as_utc(version.validee_le)).year
    if not debut <= annee <= local(utcnow()).year:
        raise ProjetInvalide(f"Année de revue hors du suivi ({debut} à l'année en cours).")
    if not bilan.strip() or len(bilan) > BILAN_MAX:
        raise ProjetInvalide(f"Écrivez le bilan de l'année ({BILAN_MAX} caractères au plus).")
    exists = session.exec(
        select(PlanRevue).where(PlanRevue.code_insee == code, PlanRevue.annee == annee)
    ).first()
    if exists is not None:
        raise PlanConflit(f"La revue {annee} est déjà enregistrée.")
    counts = _counts(session, code, version)
    with transaction(session, doublon=PlanConflit(f"La revue {annee} est déjà enregistrée.")):
        revue = PlanRevue(
            code_insee=code,
            annee=annee,
            version_id=version.id,
            bilan=bilan.strip(),
            comptes=json.dumps(counts),
            cree_par=qui,
        )
        session.add(revue)
        session.flush()
        _journal(
            session,
            qui,
            "revue",
            code,
            f"{code} revue {annee}",
            apres={"annee": annee, "comptes": counts},
        )
        return revue


def list_revues(session: Session, code: str) -> list[PlanRevue]:
    stmt = select(PlanRevue).where(PlanRevue.code_insee == code)
    return list(session.exec(stmt.order_by(PlanRevue.annee)).all())


def timeline(session: Session, code: str) -> list[tuple[date, str]]:
    """The commune's dated steps: validations, deliberations, accepted statuses, reviews."""
    events: list[tuple[date, str]] = []
    stmt = select(PlanVersion).where(PlanVersion.code_insee == code)
    labels = {}
    for v in session.exec(stmt.order_by(PlanVersion.numero)).all():
        if v.validee_le:
            events.append(
                (
                    local(as_utc(v.validee_le)).date(),
                    f"Projet stratégique validé (version {v.numero})",
                )
            )
            labels.update({a.cle: a.libelle for a in actions_of(session, v)})
        if v.deliberation_le:
            events.append(
                (
                    local(as_utc(v.deliberation_le)).date(),
                    f"Délibération du conseil municipal déposée (version {v.numero})",
                )
            )
    for e in _entries(session, code):
        if e.etat == "validee":
            events.append(
                (
                    e.date_statut,
                    f"{labels.get(e.cle, f'Action {e.cle}')} : {STATUTS_SUIVI[e.statut].lower()}",
                )
            )
    for r in list_revues(session, code):
        events.append((local(as_utc(r.cree_le)).date(), f"Revue annuelle {r.annee}"))
    return sorted(events, key=lambda x: x[0])
