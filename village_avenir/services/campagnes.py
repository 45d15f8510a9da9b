"""Calls for applications (campagnes): created, edited and closed by an administrator,
journaled."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from ..domain.dates import SaisieInvalide, check_period
from ..domain.refus import Refus
from ..models import Campagne
from .audit import diff, record
from .transaction import transaction

__all__ = [
    "CampagneInvalide",
    "close_campaign",
    "create_campaign",
    "list_campaigns",
    "update_campaign",
]


class CampagneInvalide(Refus, ValueError):
    """The campaign cannot be created as asked (message in French)."""


def list_campaigns(session: Session) -> list[Campagne]:
    return list(session.exec(select(Campagne).order_by(Campagne.ouverture.desc())).all())


def create_campaign(
    session: Session, *, nom: str, ouverture: date, cloture: date, regles_version: str, qui: str
) -> Campagne:
    nom = (nom or "").strip()
    if not nom:
        raise CampagneInvalide("Donnez un nom à l'appel à candidatures.")
    try:
        check_period(
            ouverture, cloture, [(c.nom, c.ouverture, c.cloture) for c in list_campaigns(session)]
        )
    except SaisieInvalide as exc:
        raise CampagneInvalide(str(exc)) from None
    campagne = Campagne(
        nom=nom, ouverture=ouverture, cloture=cloture, regles_version=regles_version, cree_par=qui
    )
    with transaction(session):
        session.add(campagne)
        session.flush()
        record(
            session,
            qui=qui,
            action="campagne:creation",
            objet="campagne",
            objet_id=str(campagne.id),
            apres={
                "nom": nom,
                "ouverture": ouverture,
                "cloture": cloture,
                "regles_version": regles_version,
            },
        )
    return campagne


def _get(session: Session, campagne_id: int) -> Campagne:
    campagne = session.get(Campagne, campagne_id)
    if campagne is None:
        raise CampagneInvalide("Cet appel à candidatures n'existe pas.")
    return campagne


def update_campaign(
    session: Session, campagne_id: int, *, nom: str, ouverture: date, cloture: date, qui: str
) -> Campagne:
    """Change the name or the dates (journaled, before and after)."""
    campagne = _get(session, campagne_id)
    nom = (nom or "").strip()
    if not nom:
        raise CampagneInvalide("Donnez un nom à l'appel à candidatures.")
    if cloture < ouverture:
        raise CampagneInvalide("La date de clôture précède la date d'ouverture.")
    values = {"nom": nom, "ouverture": ouverture, "cloture": cloture}
    avant, apres = diff(campagne, values)
    if not avant:
        return campagne
    with transaction(session):
        for key, value in apres.items():
            setattr(campagne, key, value)
        session.add(campagne)
        record(
            session,
            qui=qui,
            action="campagne:modification",
            objet="campagne",
            objet_id=str(campagne.id),
            avant=avant,
            apres=apres,
        )
    return campagne


def close_campaign(session: Session, campagne_id: int, *, qui: str, today: date | None = None):
    """Close now: the closing date becomes yesterday, so no application can start or be
    deposited any more (drafts stay readable; a complement may still be sent)."""
    campagne = _get(session, campagne_id)
    today = today or date.today()
    veille = today - timedelta(days=1)
    if campagne.cloture <= veille:
        raise CampagneInvalide(
            f"L'appel est déjà clos (depuis le {campagne.cloture.strftime('%d/%m/%Y')})."
        )
    avant = {"ouverture": campagne.ouverture, "cloture": campagne.cloture}
    with transaction(session):
        campagne.cloture = veille
        campagne.ouverture = min(campagne.ouverture, veille)
        session.add(campagne)
        record(
            session,
            qui=qui,
            action="campagne:cloture",
            objet="campagne",
            objet_id=str(campagne.id),
            avant=avant,
            apres={"ouverture": campagne.ouverture, "cloture": campagne.cloture},
        )
    return campagne
