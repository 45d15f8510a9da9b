"""Invitations (commune users, engineers, administrators): single-use, expiring, revocable.

Only the SHA-256 of a token is stored. The e-mailed link (``/invitation/<jeton>``) leads to a
short form step: « Continuer » (a POST) swaps the token for a new one kept in the browser's
session (``open_invitation``), so the token that a log may hold is then worthless and a mail
scanner that only GETs the link spends nothing. The invitation is queued in the outbox in the
same transaction; the link is also shown once to the administrator (no SMTP: it is the only
way it travels).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlmodel import Session, select

from ...domain.dates import as_utc
from ...domain.refus import Refus
from ...domain.roles import COMMUNE, ROLES
from ...models import Commune, Invitation, Utilisateur, utcnow
from ..audit import record
from ..courriels import messages as courriels
from ..transaction import transaction
from .motdepasse import hash_token
from .utilisateurs import CompteInvalide, create_user, normalise_email

__all__ = [
    "InvitationInvalide",
    "accept_invitation",
    "find_invitation",
    "invite",
    "open_invitation",
    "revoke_invitation",
]


class InvitationInvalide(Refus, ValueError):
    """Unknown, used, revoked or expired invitation (message in French)."""


def invite(
    session: Session,
    *,
    email: str,
    nom: str,
    qui: str,
    commune_code: str | None = None,
    role: str = COMMUNE,
    days: int = 7,
) -> str:
    """Create an invitation and queue its e-mail; returns the token (shown once)."""
    email = normalise_email(email)
    if role not in ROLES:
        raise CompteInvalide(f"Rôle inconnu « {role} ».")
    if role == COMMUNE:
        if not commune_code or session.get(Commune, commune_code) is None:
            raise CompteInvalide(f"Commune {commune_code or '(aucune)'} inconnue.")
    else:
        commune_code = None
    if session.exec(select(Utilisateur).where(Utilisateur.email == email)).first():
        raise CompteInvalide(f"Un compte existe déjà pour {email}.")
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        email=email,
        nom=(nom or "").strip()[:200] or email,
        role=role,
        commune_code=commune_code,
        jeton_hash=hash_token(token),
        expire_le=utcnow() + timedelta(days=days),
        cree_par=qui,
    )
    with transaction(session):
        session.add(invitation)
        session.flush()
        record(session, qui=qui, action="compte:invitation", objet="invitation",
               objet_id=str(invitation.id), code_insee=commune_code,
               apres={"email": email, "nom": invitation.nom, "role": role,
                      "expire_le": invitation.expire_le})  # fmt: skip
        courriels.invitation(session, invitation, token)  # same transaction (outbox)
    return token


def find_invitation(session: Session, token: str) -> Invitation:
    invitation = session.exec(
        select(Invitation).where(Invitation.jeton_hash == hash_token(token))
    ).first()
    if invitation is None:
        raise InvitationInvalide(
            "Ce lien d'invitation n'existe pas ou a déjà été ouvert : demandez-en un nouveau "
            "à l'administrateur."
        )
    if invitation.revoquee_le is not None:
        raise InvitationInvalide("Cette invitation a été annulée par l'administrateur.")
    if invitation.utilisee_le is not None:
        raise InvitationInvalide("Ce lien d'invitation a déjà été utilisé.")
    if as_utc(invitation.expire_le) < utcnow():
        raise InvitationInvalide(
            "Ce lien d'invitation a expiré : demandez-en un nouveau à l'administrateur."
        )
    return invitation


def open_invitation(session: Session, token: str) -> str:
    """Spend the e-mailed token; returns a new one for the browser's session."""
    invitation = find_invitation(session, token)
    fresh = secrets.token_urlsafe(32)
    with transaction(session):
        invitation.jeton_hash = hash_token(fresh)
        session.add(invitation)
        record(
            session,
            qui=f"{invitation.email} (invitation {invitation.id})",
            action="compte:ouverture_lien",
            objet="invitation",
            objet_id=str(invitation.id),
            code_insee=invitation.commune_code,
        )
    return fresh


def accept_invitation(session: Session, token: str, password: str) -> Utilisateur:
    """Create the invited account with its password; the invitation is then spent."""
    invitation = find_invitation(session, token)
    # create_user commits: the account and the spent invitation go in one transaction.
    with transaction(session):
        invitation.utilisee_le = utcnow()
        session.add(invitation)
        return create_user(
            session,
            email=invitation.email,
            nom=invitation.nom,
            role=invitation.role or COMMUNE,
            password=password,
            commune_code=invitation.commune_code,
            qui=f"{invitation.email} (invitation {invitation.id})",
        )


def revoke_invitation(session: Session, invitation_id: int, *, qui: str) -> Invitation:
    """Cancel an unused invitation (journaled): its link stops working at once."""
    invitation = session.get(Invitation, invitation_id)
    if invitation is None:
        raise InvitationInvalide("Cette invitation n'existe pas.")
    if invitation.utilisee_le is not None:
        raise InvitationInvalide("Cette invitation a déjà servi : désactivez plutôt le compte.")
    if invitation.revoquee_le is not None:
        return invitation
    with transaction(session):
        invitation.revoquee_le = utcnow()
        session.add(invitation)
        record(
            session,
            qui=qui,
            action="compte:revocation_invitation",
            objet="invitation",
            objet_id=str(invitation.id),
            code_insee=invitation.commune_code,
            avant={"revoquee_le": None},
            apres={"revoquee_le": invitation.revoquee_le},
        )
    return invitation
