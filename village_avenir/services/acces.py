"""Access: invitations of commune users (single-use, expiring token). Login throttling
lives in ``services.connexions`` (its names are re-exported here for older callers).

Only the SHA-256 of an invitation token is stored: the link shown once to the administrator
is the only copy of the token.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from ..auth import COMMUNE
from ..models import Commune, Invitation, Utilisateur, utcnow
from .audit import record
from .comptes import CompteInvalide, create_user
from .connexions import ConnexionRalentie, check_throttle, record_failure, record_success

__all__ = [
    "ConnexionRalentie",
    "InvitationInvalide",
    "accept_invitation",
    "check_throttle",
    "find_invitation",
    "invite",
    "record_failure",
    "record_success",
]


class InvitationInvalide(ValueError):
    """Unknown, used or expired invitation (message in French)."""


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(
    session: Session, *, email: str, nom: str, commune_code: str, qui: str, days: int = 7
) -> str:
    """Create an invitation for a commune user; returns the token (shown once)."""
    email = (email or "").strip().lower()
    if "@" not in email or len(email) > 254:
        raise CompteInvalide("Adresse électronique invalide.")
    if session.get(Commune, commune_code) is None:
        raise CompteInvalide(f"Commune {commune_code} inconnue.")
    if session.exec(select(Utilisateur).where(Utilisateur.email == email)).first():
        raise CompteInvalide(f"Un compte existe déjà pour {email}.")
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        email=email,
        nom=(nom or "").strip() or email,
        commune_code=commune_code,
        jeton_hash=_hash(token),
        expire_le=utcnow() + timedelta(days=days),
        cree_par=qui,
    )
    try:
        session.add(invitation)
        session.flush()
        record(
            session,
            qui=qui,
            action="compte:invitation",
            objet="invitation",
            objet_id=str(invitation.id),
            code_insee=commune_code,
            apres={"email": email, "nom": invitation.nom, "expire_le": invitation.expire_le},
        )
        session.commit()
    except Exception:
        session.rollback()
        raise
    return token


def find_invitation(session: Session, token: str) -> Invitation:
    invitation = session.exec(
        select(Invitation).where(Invitation.jeton_hash == _hash(token or ""))
    ).first()
    if invitation is None:
        raise InvitationInvalide("Ce lien d'invitation n'existe pas.")
    if invitation.utilisee_le is not None:
        raise InvitationInvalide("Ce lien d'invitation a déjà été utilisé.")
    if _aware(invitation.expire_le) < utcnow():
        raise InvitationInvalide(
            "Ce lien d'invitation a expiré : demandez-en un nouveau à l'administrateur."
        )
    return invitation


def accept_invitation(session: Session, token: str, password: str) -> Utilisateur:
    """Create the invited commune account with its password; the token is then spent."""
    invitation = find_invitation(session, token)
    invitation.utilisee_le = utcnow()
    session.add(invitation)
    # create_user commits: the account and the spent invitation go in one transaction.
    try:
        return create_user(
            session,
            email=invitation.email,
            nom=invitation.nom,
            role=COMMUNE,
            password=password,
            commune_code=invitation.commune_code,
            qui=f"{invitation.email} (invitation {invitation.id})",
        )
    except Exception:
        session.rollback()
        raise
