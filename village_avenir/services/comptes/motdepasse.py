"""Password reset by e-mail, and the shared « open the link » step of e-mailed tokens.

A reset link is single-use, expires after ``REINITIALISATION_MINUTES`` (60), and works
whatever the login throttling says: it is the owner's way out of a suspended account.
Opening a link (``open_reset``) is a short form step (« Continuer », a POST) that swaps the
token of the URL for a new one kept in the browser's session: the token that a proxy or
server log may have recorded is then worthless, and a mail scanner that only GETs the link
spends nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, select

from ...domain.dates import as_utc
from ...domain.refus import Refus
from ...models import Reinitialisation, TentativeConnexion, Utilisateur, utcnow
from ..audit import record
from ..courriels import messages as courriels
from ..transaction import transaction
from .hachage import generate_password_hash
from .utilisateurs import CompteInvalide, check_password_strength, renew_token

__all__ = [
    "LienInvalide",
    "check_link",
    "hash_token",
    "open_reset",
    "request_reset",
    "reset_password",
]

MAX_DEMANDES_PAR_HEURE = 5


class LienInvalide(Refus, ValueError):
    """Unknown, used or expired link (message in French)."""


def hash_token(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


def request_reset(session: Session, email: str, *, minutes: int) -> str | None:
    """Queue a reset e-mail if an active account has this address; returns the token (for
    the tests: the e-mail is its only way out). The caller answers the same whatever
    happened (no way to learn which addresses have an account)."""
    user = session.exec(
        select(Utilisateur).where(Utilisateur.email == (email or "").strip().lower()[:254])
    ).first()
    if user is None or not user.actif:
        return None
    recent = session.exec(
        select(func.count()).where(
            Reinitialisation.utilisateur_id == user.id,
            Reinitialisation.cree_le >= utcnow() - timedelta(hours=1),
        )
    ).one()
    if recent >= MAX_DEMANDES_PAR_HEURE:  # no mail bombing of the owner
        return None
    token = secrets.token_urlsafe(32)
    demande = Reinitialisation(
        utilisateur_id=user.id,
        jeton_hash=hash_token(token),
        expire_le=utcnow() + timedelta(minutes=minutes),
    )
    with transaction(session):
        session.add(demande)
        session.flush()
        record(
            session,
            qui=user.email,
            action="compte:demande_mdp",
            objet="utilisateur",
            objet_id=str(user.id),
            apres={"expire_le": demande.expire_le},
        )
        courriels.reinitialisation(session, user, token, minutes)
    return token


def _find(session: Session, token: str) -> Reinitialisation:
    demande = session.exec(
        select(Reinitialisation).where(Reinitialisation.jeton_hash == hash_token(token))
    ).first()
    if demande is None or demande.utilisee_le is not None:
        raise LienInvalide(
            "Ce lien n'est pas (ou plus) valable : il ne sert qu'une fois. "
            "Faites une nouvelle demande de mot de passe."
        )
    if as_utc(demande.expire_le) < utcnow():
        raise LienInvalide("Ce lien a expiré : faites une nouvelle demande de mot de passe.")
    return demande


def check_link(session: Session, token: str) -> None:
    """LienInvalide unless the token is a valid, unused, unexpired reset link."""
    _find(session, token)


def open_reset(session: Session, token: str) -> str:
    """Spend the e-mailed token; returns a new one for the browser's session."""
    demande = _find(session, token)
    fresh = secrets.token_urlsafe(32)
    with transaction(session):
        demande.jeton_hash = hash_token(fresh)
        session.add(demande)
        user = session.get(Utilisateur, demande.utilisateur_id)
        record(
            session,
            qui=user.email if user else "inconnu",
            action="compte:ouverture_lien",
            objet="utilisateur",
            objet_id=str(demande.utilisateur_id),
        )
    return fresh


def reset_password(session: Session, token: str, password: str) -> Utilisateur:
    """Set the new password (checked for strength), spend the link, log out every device and
    lift the login suspension of the account — one transaction, journaled."""
    demande = _find(session, token)
    user = session.get(Utilisateur, demande.utilisateur_id)
    if user is None or not user.actif:
        raise LienInvalide("Ce compte n'est plus actif : adressez-vous au Département.")
    check_password_strength(password, user.email, user.nom)
    with transaction(session):
        demande.utilisee_le = utcnow()
        user.mot_de_passe_hash = generate_password_hash(password)
        session.add_all([demande, user])
        record(
            session,
            qui=user.email,
            action="compte:mot_de_passe",
            objet="utilisateur",
            objet_id=str(user.id),
            motif="lien envoyé par courriel",
        )
        renew_token(session, user, qui=user.email, motif="nouveau mot de passe par courriel")
        session.exec(delete(TentativeConnexion).where(TentativeConnexion.email == user.email))
    return user


__all__ += ["CompteInvalide"]
