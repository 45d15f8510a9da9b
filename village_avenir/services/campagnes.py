"""Calls for applications (campagnes): created by an administrator, journaled."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from ..domain.dates import SaisieInvalide, check_period
from ..models import Campagne
from .audit import commit, record

__all__ = ["CampagneInvalide", "create_campaign", "list_campaigns"]


class CampagneInvalide(ValueError):
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
    commit(session)
    return campagne
