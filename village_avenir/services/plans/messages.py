"""E-mails of the projet stratégique, queued in the caller's transaction (``courriels.queue``):
the commune's accounts when the Département validates the projet or decides on a status it
proposed, the engineers when the commune attaches its deliberation or proposes a status.

Texts in French, with only what the recipient may read on the site."""

from __future__ import annotations

from sqlmodel import Session, select

from ...domain.roles import ADMIN, COMMUNE, INGENIEUR
from ...formatting import date_locale
from ...models import Courriel, Utilisateur
from ..courriels.messages import lien, queue

__all__ = ["deliberation_recue", "projet_valide", "statut_decide", "statut_propose"]


def _comptes(session: Session, role: str, commune: str | None = None) -> list[Utilisateur]:
    stmt = select(Utilisateur).where(Utilisateur.role == role, Utilisateur.actif)
    if commune is not None:
        stmt = stmt.where(Utilisateur.commune_code == commune)
    return list(session.exec(stmt.order_by(Utilisateur.id)).all())


def _send(session, comptes, genre, sujet, paras, objet) -> list[Courriel]:
    return [
        queue(
            session, destinataire=u.email, genre=genre, sujet=sujet, paragraphes=paras, objet=objet
        )  # fmt: skip
        for u in comptes
    ]


def _engineers(session):
    return _comptes(session, INGENIEUR) or _comptes(session, ADMIN)


def projet_valide(session, commune, version) -> list[Courriel]:
    """To the commune's accounts (the mayor): the projet is validated, its PDF is ready."""
    sujet = f"Village A-Venir : le projet stratégique de {commune.nom} est validé"
    paras = [
        "Bonjour,",
        f"Le Département du Lot a validé le projet stratégique de {commune.nom} (version "
        f"{version.numero} du {date_locale(version.validee_le)}). Le document « Projet "
        f"stratégique de {commune.nom} » est prêt pour le conseil municipal :",
        lien("plans.projet_pdf", code=commune.code_insee, numero=version.numero),
        "Une fois la délibération du conseil adoptée, déposez-la (PDF) sur la page du plan :",
        lien("plans.plan", code=commune.code_insee),
    ]
    return _send(session, _comptes(session, COMMUNE, commune.code_insee), "projet_valide",
                 sujet, paras, f"plan:{commune.code_insee}")  # fmt: skip


def deliberation_recue(session, commune, version) -> list[Courriel]:
    sujet = f"Village A-Venir : délibération de {commune.nom} sur son projet stratégique"
    paras = [
        "Bonjour,",
        f"La délibération du conseil municipal de {commune.nom} sur le projet stratégique "
        f"(version {version.numero}) a été déposée.",
        lien("plans.plan", code=commune.code_insee),
    ]
    return _send(session, _engineers(session), "deliberation_plan", sujet, paras,
                 f"plan:{commune.code_insee}")  # fmt: skip


def statut_propose(session, commune, libelle: str, statut: str) -> list[Courriel]:
    sujet = f"Village A-Venir : {commune.nom} propose un statut pour une action"
    paras = [
        "Bonjour,",
        f"{commune.nom} propose le statut « {statut} » pour l'action « {libelle} ». Acceptez "
        "ou refusez-le sur la page de suivi du plan :",
        lien("plans.suivi", code=commune.code_insee),
    ]
    return _send(session, _engineers(session), "statut_plan", sujet, paras,
                 f"plan:{commune.code_insee}")  # fmt: skip


def statut_decide(session, commune, libelle: str, statut: str, texte: str) -> list[Courriel]:
    """To the commune: a status was set, accepted or refused by the Département."""
    sujet = f"Village A-Venir : suivi de l'action « {libelle[:80]} »"
    paras = ["Bonjour,", f"{texte} — action « {libelle} », statut « {statut} ».",
             lien("plans.suivi", code=commune.code_insee)]  # fmt: skip
    return _send(session, _comptes(session, COMMUNE, commune.code_insee), "statut_plan", sujet,
                 paras, f"plan:{commune.code_insee}")  # fmt: skip
