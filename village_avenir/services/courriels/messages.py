"""The outbox, writing side: ``queue`` adds a message to the caller's session, so it is
committed (or rolled back) with the change that causes it — never an e-mail about a change
that did not happen, never a change whose e-mail is lost. ``services.courriels.envoi`` delivers.

The event functions (``invitation``, ``depot``, …) pick the recipients and the links, and
render the message's template (``gabarits.render``: ``templates/courriels/<nom>.txt``, one
per message; the HTML part is the same paragraphs in a shared layout). No image, no
tracking, no redirected link. Every link comes from the app's link builder (``liens()``,
``village_avenir/liens.py``): the configured public address, never the host a request named
(issue 25: a forged ``Host`` chose where reset links led).
"""

from __future__ import annotations

import secrets

from flask import current_app
from sqlmodel import Session, select

from ...domain.roles import ADMIN, COMMUNE, INGENIEUR
from ...models import Courriel, Utilisateur
from .gabarits import Message, render

__all__ = [
    "ajournement",
    "compte_verrouille",
    "complement_accuse",
    "complement_demande",
    "complement_recu",
    "comptes",
    "decision",
    "depot",
    "depot_recu",
    "echange",
    "etape",
    "ingenieurs",
    "invitation",
    "lien",
    "liens",
    "patrimoine_decision",
    "patrimoine_declaration",
    "patrimoine_visite",
    "queue",
    "queue_all",
    "reinitialisation",
]

DOMAINE_ID = "village-avenir.invalid"  # right-hand side of our Message-IDs


def liens():
    """The app's link builder (``village_avenir/liens.py``, built by the app factory from
    ``VILLAGE_AVENIR_URL_PUBLIQUE``): every link of a message starts with the configured
    address, never with the host a request named."""
    return current_app.extensions["liens"]


def lien(endpoint: str, **values) -> str:
    """Absolute link to ``endpoint`` from the configured address (LienInconnu when the app
    has no such page). Prefer a named page of ``liens()``: a service should not know views."""
    return liens().page(endpoint, **values)


def queue(
    session: Session,
    *,
    destinataire: str,
    genre: str,
    message: Message,
    objet: str | None = None,
) -> Courriel:
    """Add one rendered message to the outbox (not committed: the caller's transaction
    does it)."""
    courriel = Courriel(
        genre=genre,
        destinataire=destinataire.strip().lower()[:254],
        sujet=message.sujet[:300],
        texte=message.texte,
        html=message.html,
        objet=objet,
        message_id=f"<{secrets.token_hex(16)}@{DOMAINE_ID}>",
    )
    session.add(courriel)
    return courriel


def queue_all(
    session: Session, destinataires, genre: str, message: Message, objet: str
) -> list[Courriel]:
    """The same message to each account of ``destinataires``, one outbox row each."""
    return [
        queue(session, destinataire=u.email, genre=genre, message=message, objet=objet)
        for u in destinataires
    ]


def comptes(session: Session, *, role: str, commune: str | None = None) -> list[Utilisateur]:
    """The active accounts of ``role`` (of ``commune`` when given), oldest first."""
    stmt = select(Utilisateur).where(Utilisateur.role == role, Utilisateur.actif)
    if commune is not None:
        stmt = stmt.where(Utilisateur.commune_code == commune)
    return list(session.exec(stmt.order_by(Utilisateur.id)).all())


def ingenieurs(session: Session) -> list[Utilisateur]:
    """The engineers; the administrators when there is no engineer account."""
    return comptes(session, role=INGENIEUR) or comptes(session, role=ADMIN)


def _to_commune(session, cand, genre: str, message: Message) -> list[Courriel]:
    return queue_all(session, comptes(session, role=COMMUNE, commune=cand.code_insee), genre,
                     message, f"candidature:{cand.id}")  # fmt: skip


def _to_departement(session, cand, genre: str, message: Message) -> list[Courriel]:
    """To the engineers (the administrators when there is no engineer account)."""
    return queue_all(session, ingenieurs(session), genre, message, f"candidature:{cand.id}")


def invitation(session, invit, jeton: str) -> Courriel:
    message = render("invitation", invit=invit, url=liens().invitation(jeton))
    return queue(session, destinataire=invit.email, genre="invitation", message=message,
                 objet=f"invitation:{invit.id}")  # fmt: skip


def depot(session, cand, campagne, commune_nom: str, contenu: dict) -> list[Courriel]:
    message = render("depot", cand=cand, campagne=campagne, commune_nom=commune_nom,
                     contenu=contenu, url=liens().candidature(cand.id))  # fmt: skip
    return _to_commune(session, cand, "depot", message)


def complement_demande(session, cand, commune_nom: str, message: str) -> list[Courriel]:
    rendu = render("complement_demande", cand=cand, commune_nom=commune_nom, message=message,
                   url=liens().candidature(cand.id))  # fmt: skip
    return _to_commune(session, cand, "complement_demande", rendu)


def complement_recu(session, cand, commune_nom: str, reponse: str) -> list[Courriel]:
    """To the engineers (the administrators when there is no engineer account)."""
    message = render("complement_recu", cand=cand, commune_nom=commune_nom, reponse=reponse,
                     url=liens().instruction(cand.id))  # fmt: skip
    return _to_departement(session, cand, "complement_recu", message)


def complement_accuse(session, cand, commune_nom: str) -> list[Courriel]:
    """To the commune: the acknowledgement of its complement."""
    message = render(
        "complement_accuse", cand=cand, commune_nom=commune_nom, url=liens().candidature(cand.id)
    )
    return _to_commune(session, cand, "complement_accuse", message)


def depot_recu(session, cand, campagne, commune_nom: str, contenu: dict) -> list[Courriel]:
    """To the engineers: a new deposit to instruct."""
    message = render("depot_recu", cand=cand, campagne=campagne, commune_nom=commune_nom,
                     contenu=contenu, url=liens().instruction(cand.id))  # fmt: skip
    return _to_departement(session, cand, "depot_recu", message)


def ajournement(session, cand, commune_nom: str, date_seance, motivation: str) -> list[Courriel]:
    """To the commune: the committee postponed its decision."""
    message = render("ajournement", cand=cand, commune_nom=commune_nom, date_seance=date_seance,
                     motivation=motivation, url=liens().candidature(cand.id))  # fmt: skip
    return _to_commune(session, cand, "ajournement", message)


def etape(session, cand, commune_nom: str, etat_libelle: str) -> list[Courriel]:
    """To the commune: its application moved to another step (not a decision)."""
    message = render("etape", cand=cand, commune_nom=commune_nom, etat_libelle=etat_libelle,
                     url=liens().candidature(cand.id))  # fmt: skip
    return _to_commune(session, cand, "etape", message)


def echange(session, cand, commune_nom: str, genre: str, texte: str) -> list[Courriel]:
    """A message of the Département to the commune, or the commune's to the engineers
    (never an internal note)."""
    if genre == "message":
        message = render("message_departement", cand=cand, commune_nom=commune_nom, texte=texte,
                         url=liens().candidature(cand.id))  # fmt: skip
        return _to_commune(session, cand, "message", message)
    if genre == "reponse":
        message = render("reponse_commune", cand=cand, commune_nom=commune_nom, texte=texte,
                         url=liens().instruction(cand.id))  # fmt: skip
        return _to_departement(session, cand, "reponse", message)
    return []


def decision(session, cand, commune_nom: str, etat_libelle: str) -> list[Courriel]:
    message = render("decision", cand=cand, commune_nom=commune_nom, etat_libelle=etat_libelle,
                     url=liens().candidature(cand.id))  # fmt: skip
    return _to_commune(session, cand, "decision", message)


def reinitialisation(session, user, jeton: str, minutes: int) -> Courriel:
    message = render("reinitialisation", user=user, url=liens().reinitialisation(jeton),
                     minutes=minutes, url_oubli=liens().oubli())  # fmt: skip
    return queue(session, destinataire=user.email, genre="mot_de_passe", message=message,
                 objet=f"utilisateur:{user.id}")  # fmt: skip


def compte_verrouille(session: Session, email: str) -> Courriel | None:
    """Hook for the login throttling: tell the owner that logins to their account are being
    slowed or suspended, with the way out (reset the password). Not committed; nothing when
    no active account has that address (no message to addresses an attacker invents)."""
    user = session.exec(
        select(Utilisateur).where(Utilisateur.email == (email or "").strip().lower())
    ).first()
    if user is None or not user.actif:
        return None
    message = render("compte_verrouille", user=user, url_oubli=liens().oubli())
    return queue(session, destinataire=user.email, genre="compte_verrouille", message=message,
                 objet=f"utilisateur:{user.id}")  # fmt: skip


def patrimoine_declaration(session: Session, element, commune_nom: str) -> list[Courriel]:
    """To the engineers (the administrators when there is none): a commune declared an item."""
    message = render("patrimoine_declaration", element=element, commune_nom=commune_nom,
                     url=liens().patrimoine(element.code_insee))  # fmt: skip
    return queue_all(
        session, ingenieurs(session), "patrimoine_declaration", message, f"patrimoine:{element.id}"
    )


def patrimoine_decision(session: Session, element, commune_nom: str, motif: str) -> list[Courriel]:
    """To the commune's accounts: its declared item was validated or refused."""
    message = render("patrimoine_decision", element=element, commune_nom=commune_nom,
                     motif=motif, url=liens().patrimoine(element.code_insee))  # fmt: skip
    return queue_all(session, comptes(session, role=COMMUNE, commune=element.code_insee),
                     "patrimoine_decision", message, f"patrimoine:{element.id}")  # fmt: skip


def patrimoine_visite(session: Session, visite, commune_nom: str, participants: list[str]):
    """To the commune's accounts: an on-site visit of its heritage was recorded."""
    message = render("patrimoine_visite", commune_nom=commune_nom,
                     date_visite=visite.date_visite, participants=participants,
                     url=liens().visites_patrimoine(visite.code_insee))  # fmt: skip
    return queue_all(session, comptes(session, role=COMMUNE, commune=visite.code_insee),
                     "patrimoine_visite", message, f"patrimoine_visite:{visite.id}")  # fmt: skip
