"""On-site visits (the visit page of issue 22 item 2 calls :func:`create_visite`)."""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import Session, select

from ...domain.dates import SaisieInvalide, parse_date
from ...domain.patrimoine import PARTICIPANTS
from ...domain.patrimoine_saisie import PatrimoineInvalide, code_of
from ...domain.roles import DEPARTEMENT
from ...models import PatrimoineVisite
from ..audit import record
from ..transaction import transaction
from .communes import current_code
from .refus import ElementIntrouvable, PatrimoineInterdit

__all__ = ["NOTES_MAX", "create_visite", "get_visite", "list_visites"]

NOTES_MAX = 5_000


def _check(data: dict) -> tuple[date, list[str], str]:
    raw = data.get("date_visite")
    try:
        jour = raw if isinstance(raw, date) else parse_date(raw)
    except SaisieInvalide as exc:
        raise PatrimoineInvalide(f"Date de la visite : {exc}") from None
    participants = data.get("participants") or []
    if isinstance(participants, str):
        participants = [p for p in participants.split(",") if p.strip()]
    codes = list(dict.fromkeys(code_of(PARTICIPANTS, p, "participant") for p in participants))
    notes = str(data.get("notes") or "").strip()
    if len(notes) > NOTES_MAX:
        raise PatrimoineInvalide(
            f"Les notes de la visite tiennent en {NOTES_MAX} caractères au plus."
        )
    return jour, codes, notes


def create_visite(
    session: Session,
    code_insee: str,
    data: dict,
    auteur,
    client_uid: str | None = None,
    *,
    commit: bool = True,
) -> PatrimoineVisite:
    """Record a visit (Département staff). ``data``: ``date_visite`` (date, « JJ/MM/AAAA » or
    « AAAA-MM-JJ »), ``participants`` (list of ``PARTICIPANTS`` codes or labels), ``notes``.
    The same ``client_uid`` again returns the visit already stored. ``commit=False``: part of
    the caller's transaction (the phone's send, ``synchronisation.py``)."""
    if client_uid:
        if len(client_uid) > 64:
            raise PatrimoineInvalide("Identifiant d'envoi trop long (64 caractères au plus).")
        existing = session.exec(
            select(PatrimoineVisite).where(PatrimoineVisite.client_uid == client_uid)
        ).first()
        if existing is not None:
            return existing
    if getattr(auteur, "role", None) not in DEPARTEMENT:
        raise PatrimoineInterdit("Seul le Département enregistre une visite de patrimoine.")
    code = current_code(session, code_insee)
    jour, participants, notes = _check(data)
    visite = PatrimoineVisite(
        code_insee=code,
        date_visite=jour,
        participants=json.dumps(participants),
        notes=notes,
        client_uid=client_uid or None,
        cree_par=auteur.email,
    )
    with transaction(session, commit=commit):
        session.add(visite)
        session.flush()
        record(
            session,
            qui=auteur.email,
            action="patrimoine:visite",
            objet="patrimoine_visite",
            objet_id=str(visite.id),
            code_insee=code,
            apres={"date_visite": jour.isoformat(), "participants": participants, "notes": notes},
        )
    return visite


def get_visite(session: Session, visite_id: int, code_insee: str | None = None) -> PatrimoineVisite:
    row = session.get(PatrimoineVisite, visite_id)
    if row is None or (code_insee is not None and row.code_insee != code_insee):
        raise ElementIntrouvable("Visite introuvable.")
    return row


def list_visites(session: Session, code_insee: str) -> list[PatrimoineVisite]:
    stmt = select(PatrimoineVisite).where(PatrimoineVisite.code_insee == code_insee)
    return list(session.exec(stmt.order_by(PatrimoineVisite.date_visite.desc())).all())
