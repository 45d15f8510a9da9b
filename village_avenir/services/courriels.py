"""The outbox, writing side: ``queue`` adds a message to the caller's session, so it is
committed (or rolled back) with the change that causes it — never an e-mail about a change
that did not happen, never a change whose e-mail is lost. ``services.envoi`` delivers.

The event functions (``invitation``, ``depot``, …) pick the recipients and the French
texts (``courriels_textes``). Each message has a plain-text and an HTML part built from the
same paragraphs; no image, no tracking, no redirected link.
"""

from __future__ import annotations

import secrets
from html import escape

from flask import current_app, has_app_context, has_request_context, url_for
from sqlmodel import Session, select

from ..models import Courriel, Utilisateur
from . import courriels_textes as textes

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
    "queue",
    "reinitialisation",
]

DOMAINE_ID = "village-avenir.invalid"  # right-hand side of our Message-IDs


def lien(endpoint: str, **values) -> str:
    """Absolute link for a message: ``VILLAGE_AVENIR_URL_PUBLIQUE`` when set, else the
    address the request came on (behind nginx: with ``VILLAGE_AVENIR_PROXY=1``)."""
    base = current_app.config.get("URL_PUBLIQUE") if has_app_context() else None
    if has_request_context() and not base:
        return url_for(endpoint, _external=True, **values)
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return (base or "http://localhost").rstrip("/") + path


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
    sujet, paras = textes.invitation(invit, lien("auth.invitation", jeton=jeton))
    return queue(session, destinataire=invit.email, genre="invitation", sujet=sujet,
                 paragraphes=paras, objet=f"invitation:{invit.id}")  # fmt: skip


def depot(session, cand, campagne, commune_nom: str, contenu: dict) -> list[Courriel]:
    sujet, paras = textes.depot(cand, campagne, commune_nom, contenu,
                                lien("candidatures.detail", cid=cand.id))  # fmt: skip
    return _to_commune(session, cand, "depot", sujet, paras)


def complement_demande(session, cand, commune_nom: str, message: str) -> list[Courriel]:
    sujet, paras = textes.complement_demande(cand, commune_nom, message,
                                             lien("candidatures.detail", cid=cand.id))  # fmt: skip
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
                                          lien("instruction.detail", cid=cand.id))  # fmt: skip
    return _to_departement(session, cand, "complement_recu", sujet, paras)


def complement_accuse(session, cand, commune_nom: str) -> list[Courriel]:
    """To the commune: the acknowledgement of its complement."""
    sujet, paras = textes.complement_accuse(cand, commune_nom,
                                            lien("candidatures.detail", cid=cand.id))  # fmt: skip
    return _to_commune(session, cand, "complement_accuse", sujet, paras)


def depot_recu(session, cand, campagne, commune_nom: str, contenu: dict) -> list[Courriel]:
    """To the engineers: a new deposit to instruct."""
    sujet, paras = textes.depot_recu(cand, campagne, commune_nom, contenu,
                                     lien("instruction.detail", cid=cand.id))  # fmt: skip
    return _to_departement(session, cand, "depot_recu", sujet, paras)


def ajournement(session, cand, commune_nom: str, date_seance, motivation: str) -> list[Courriel]:
    """To the commune: the committee postponed its decision."""
    sujet, paras = textes.ajournement(cand, commune_nom, date_seance, motivation,
                                      lien("candidatures.detail", cid=cand.id))  # fmt: skip
    return _to_commune(session, cand, "ajournement", sujet, paras)


def etape(session, cand, commune_nom: str, etat_libelle: str) -> list[Courriel]:
    """To the commune: its application moved to another step (not a decision)."""
    sujet, paras = textes.etape(cand, commune_nom, etat_libelle,
                                lien("candidatures.detail", cid=cand.id))  # fmt: skip
    return _to_commune(session, cand, "etape", sujet, paras)


def echange(session, cand, commune_nom: str, genre: str, texte: str) -> list[Courriel]:
    """A message of the Département to the commune, or the commune's to the engineers
    (never an internal note)."""
    if genre == "message":
        sujet, paras = textes.message_departement(cand, commune_nom, texte,
                                                  lien("candidatures.detail", cid=cand.id))  # fmt: skip
        return _to_commune(session, cand, "message", sujet, paras)
    if genre == "reponse":
        sujet, paras = textes.reponse_commune(cand, commune_nom, texte,
                                              lien("instruction.detail", cid=cand.id))  # fmt: skip
        return _to_departement(session, cand, "reponse", sujet, paras)
    return []


def decision(session, cand, commune_nom: str, etat_libelle: str) -> list[Courriel]:
    sujet, paras = textes.decision(cand, commune_nom, etat_libelle,
                                   lien("candidatures.detail", cid=cand.id))  # fmt: skip
    return _to_commune(session, cand, "decision", sujet, paras)


def reinitialisation(session, user, jeton: str, minutes: int) -> Courriel:
    sujet, paras = textes.reinitialisation(
        user, lien("auth.reinitialisation", jeton=jeton), minutes, lien("auth.oubli")
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
    sujet, paras = textes.compte_verrouille(user, lien("auth.oubli"))
    return queue(session, destinataire=user.email, genre="compte_verrouille", sujet=sujet,
                 paragraphes=paras, objet=f"utilisateur:{user.id}")  # fmt: skip
