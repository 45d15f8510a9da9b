"""The outbox, writing side: ``queue`` adds a message to the caller's session, so it is
committed (or rolled back) with the change that causes it — never an e-mail about a change
that did not happen, never a change whose e-mail is lost. ``services.courriels.envoi`` delivers.

The event functions (``invitation``, ``depot``, …) pick the recipients and the French
texts (``courriels_textes``). Each message has a plain-text and an HTML part built from the
same paragraphs; no image, no tracking, no redirected link. Every link comes from the app's
link builder (``liens()``, ``village_avenir/liens.py``): the configured public address, never
the host a request named (issue 25: a forged ``Host`` chose where reset links led).
"""

from __future__ import annotations

import secrets
from html import escape

from flask import current_app
from sqlmodel import Session, select

from ...models import Courriel, Utilisateur
from . import textes

__all__ = [
    "ajournement",
    "compte_verrouille",
    "complement_accuse",
    "complement_demande",
    "complement_recu",
    "decision",
    "depot",
    "depot_recu",
    "echange",
    "etape",
    "invitation",
    "lien",
    "liens",
    "patrimoine_decision",
    "patrimoine_declaration",
    "patrimoine_visite",
    "queue",
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


def _html(paragraphes: list[str]) -> str:
    """The HTML part: the same paragraphs, escaped; links as plain anchors (no tracking)."""
    out = []
    for para in paragraphes:
        lines = []
        for line in para.split("\n"):
            if line.startswith(("http://", "https://")) and " " not in line:
                lines.append(f'<a href="{escape(line)}">{escape(line)}</a>')
            else:
                lines.append(escape(line))
        out.append("<p>" + "<br>\n".join(lines) + "</p>")
    body = "\n".join(out)
    return (
        '<!doctype html>\n<html lang="fr"><head><meta charset="utf-8"></head>'
        f'<body style="font-family: sans-serif">\n{body}\n</body></html>\n'
    )


def queue(
    session: Session,
    *,
    destinataire: str,
    genre: str,
    sujet: str,
    paragraphes: list[str],
    objet: str | None = None,
) -> Courriel:
    """Add one message to the outbox (not committed: the caller's transaction does it)."""
    paragraphes = [*paragraphes, textes.SIGNATURE]
    courriel = Courriel(
        genre=genre,
        destinataire=destinataire.strip().lower()[:254],
        sujet=sujet[:300],
        texte="\n\n".join(paragraphes) + "\n",
        html=_html(paragraphes),
        objet=objet,
        message_id=f"<{secrets.token_hex(16)}@{DOMAINE_ID}>",
    )
    session.add(courriel)
    return courriel


def _comptes(session: Session, *, role: str, commune: str | None = None) -> list[Utilisateur]:
    stmt = select(Utilisateur).where(Utilisateur.role == role, Utilisateur.actif)
    if commune is not None:
        stmt = stmt.where(Utilisateur.commune_code == commune)
    return list(session.exec(stmt.order_by(Utilisateur.id)).all())


def _to_commune(session, cand, genre, sujet, paragraphes) -> list[Courriel]:
    return [
        queue(
            session,
            destinataire=u.email,
            genre=genre,
            sujet=sujet,
            paragraphes=paragraphes,
            objet=f"candidature:{cand.id}",
        )  # fmt: skip
        for u in _comptes(session, role="commune", commune=cand.code_insee)
    ]


def invitation(session, invit, jeton: str) -> Courriel:
    sujet, paras = textes.invitation(invit, liens().invitation(jeton))
    return queue(session, destinataire=invit.email, genre="invitation", sujet=sujet,
                 paragraphes=paras, objet=f"invitation:{invit.id}")  # fmt: skip


def depot(session, cand, campagne, commune_nom: str, contenu: dict) -> list[Courriel]:
    sujet, paras = textes.depot(cand, campagne, commune_nom, contenu,
                                liens().candidature(cand.id))  # fmt: skip
    return _to_commune(session, cand, "depot", sujet, paras)


def complement_demande(session, cand, commune_nom: str, message: str) -> list[Courriel]:
    sujet, paras = textes.complement_demande(cand, commune_nom, message,
                                             liens().candidature(cand.id))  # fmt: skip
    return _to_commune(session, cand, "complement_demande", sujet, paras)


def _to_departement(session, cand, genre, sujet, paragraphes) -> list[Courriel]:
    """To the engineers (the administrators when there is no engineer account)."""
    comptes = _comptes(session, role="ingenieur") or _comptes(session, role="admin")
    return [
        queue(
            session,
            destinataire=u.email,
            genre=genre,
            sujet=sujet,
            paragraphes=paragraphes,
            objet=f"candidature:{cand.id}",
        )  # fmt: skip
        for u in comptes
    ]


def complement_recu(session, cand, commune_nom: str, reponse: str) -> list[Courriel]:
    """To the engineers (the administrators when there is no engineer account)."""
    sujet, paras = textes.complement_recu(cand, commune_nom, reponse,
                                          liens().instruction(cand.id))  # fmt: skip
    return _to_departement(session, cand, "complement_recu", sujet, paras)


def complement_accuse(session, cand, commune_nom: str) -> list[Courriel]:
    """To the commune: the acknowledgement of its complement."""
    sujet, paras = textes.complement_accuse(cand, commune_nom,
                                            liens().candidature(cand.id))  # fmt: skip
    return _to_commune(session, cand, "complement_accuse", sujet, paras)


def depot_recu(session, cand, campagne, commune_nom: str, contenu: dict) -> list[Courriel]:
    """To the engineers: a new deposit to instruct."""
    sujet, paras = textes.depot_recu(cand, campagne, commune_nom, contenu,
                                     liens().instruction(cand.id))  # fmt: skip
    return _to_departement(session, cand, "depot_recu", sujet, paras)


def ajournement(session, cand, commune_nom: str, date_seance, motivation: str) -> list[Courriel]:
    """To the commune: the committee postponed its decision."""
    sujet, paras = textes.ajournement(cand, commune_nom, date_seance, motivation,
                                      liens().candidature(cand.id))  # fmt: skip
    return _to_commune(session, cand, "ajournement", sujet, paras)


def etape(session, cand, commune_nom: str, etat_libelle: str) -> list[Courriel]:
    """To the commune: its application moved to another step (not a decision)."""
    sujet, paras = textes.etape(cand, commune_nom, etat_libelle,
                                liens().candidature(cand.id))  # fmt: skip
    return _to_commune(session, cand, "etape", sujet, paras)


def echange(session, cand, commune_nom: str, genre: str, texte: str) -> list[Courriel]:
    """A message of the Département to the commune, or the commune's to the engineers
    (never an internal note)."""
    if genre == "message":
        sujet, paras = textes.message_departement(cand, commune_nom, texte,
                                                  liens().candidature(cand.id))  # fmt: skip
        return _to_commune(session, cand, "message", sujet, paras)
    if genre == "reponse":
        sujet, paras = textes.reponse_commune(cand, commune_nom, texte,
                                              liens().instruction(cand.id))  # fmt: skip
        return _to_departement(session, cand, "reponse", sujet, paras)
    return []


def decision(session, cand, commune_nom: str, etat_libelle: str) -> list[Courriel]:
    sujet, paras = textes.decision(cand, commune_nom, etat_libelle,
                                   liens().candidature(cand.id))  # fmt: skip
    return _to_commune(session, cand, "decision", sujet, paras)


def reinitialisation(session, user, jeton: str, minutes: int) -> Courriel:
    sujet, paras = textes.reinitialisation(
        user, liens().reinitialisation(jeton), minutes, liens().oubli()
    )
    return queue(session, destinataire=user.email, genre="mot_de_passe", sujet=sujet,
                 paragraphes=paras, objet=f"utilisateur:{user.id}")  # fmt: skip


def compte_verrouille(session: Session, email: str) -> Courriel | None:
    """Hook for the login throttling: tell the owner that logins to their account are being
    slowed or suspended, with the way out (reset the password). Not committed; nothing when
    no active account has that address (no message to addresses an attacker invents)."""
    user = session.exec(
        select(Utilisateur).where(Utilisateur.email == (email or "").strip().lower())
    ).first()
    if user is None or not user.actif:
        return None
    sujet, paras = textes.compte_verrouille(user, liens().oubli())
    return queue(session, destinataire=user.email, genre="compte_verrouille", sujet=sujet,
                 paragraphes=paras, objet=f"utilisateur:{user.id}")  # fmt: skip


def patrimoine_declaration(session: Session, element, commune_nom: str) -> list[Courriel]:
    """To the engineers (the administrators when there is none): a commune declared an item."""
    sujet, paras = textes.patrimoine_declaration(
        element, commune_nom, liens().patrimoine(element.code_insee)
    )
    comptes = _comptes(session, role="ingenieur") or _comptes(session, role="admin")
    return [queue(session, destinataire=u.email, genre="patrimoine_declaration", sujet=sujet,
                  paragraphes=paras, objet=f"patrimoine:{element.id}") for u in comptes]  # fmt: skip


def patrimoine_decision(session: Session, element, commune_nom: str, motif: str) -> list[Courriel]:
    """To the commune's accounts: its declared item was validated or refused."""
    sujet, paras = textes.patrimoine_decision(
        element, commune_nom, motif, liens().patrimoine(element.code_insee)
    )
    comptes = _comptes(session, role="commune", commune=element.code_insee)
    return [queue(session, destinataire=u.email, genre="patrimoine_decision", sujet=sujet,
                  paragraphes=paras, objet=f"patrimoine:{element.id}") for u in comptes]  # fmt: skip


def patrimoine_visite(session: Session, visite, commune_nom: str, participants: list[str]):
    """To the commune's accounts: an on-site visit of its heritage was recorded."""
    sujet, paras = textes.patrimoine_visite(
        commune_nom, visite.date_visite, participants, liens().visites_patrimoine(visite.code_insee)
    )
    comptes = _comptes(session, role="commune", commune=visite.code_insee)
    return [queue(session, destinataire=u.email, genre="patrimoine_visite", sujet=sujet,
                  paragraphes=paras, objet=f"patrimoine_visite:{visite.id}") for u in comptes]  # fmt: skip
