"""Per-device sessions: « Se déconnecter » ends this device only.

An account used to have one session token, renewed at every logout, so that leaving the
town-hall computer also logged the mayor's phone out in the middle of an application (issue
23, case 1). Now each login opens a ``SessionAppareil`` row: the cookie's user id is
``"<id>:<jeton_session>:<jeton_appareil>"`` (``Utilisateur.get_id``) and ``auth`` accepts it
only while both tokens hold. Closing this row ends this device (and copies of its cookie);
renewing the account's ``jeton_session`` (``services.comptes.utilisateurs.renew_session_token``) still
ends every device at once.

Only the SHA-256 of the device token is stored. Opening and closing are journaled (who,
when, which session) in the account events' journal (``compte:…`` actions).
"""

from __future__ import annotations

import hashlib
import secrets

from sqlmodel import Session, select

from ...models import SessionAppareil, Utilisateur, utcnow
from ..audit import record
from ..transaction import transaction

__all__ = ["close_session", "digest", "find_open", "open_session"]


def digest(jeton: str) -> str:
    """The stored form of a device token (hex SHA-256)."""
    return hashlib.sha256(jeton.encode()).hexdigest()


def open_session(session: Session, user: Utilisateur, *, qui: str) -> str:
    """Open a session for one device (one transaction, journaled); return the device token
    for the cookie (``user.with_device(token)`` before ``login_user``)."""
    jeton = secrets.token_urlsafe(32)
    with transaction(session):
        row = SessionAppareil(utilisateur_id=user.id, jeton_hash=digest(jeton))
        session.add(row)
        session.flush()
        record(
            session,
            qui=qui,
            action="compte:ouverture_session",
            objet="utilisateur",
            objet_id=str(user.id),
            code_insee=user.commune_code,
            apres={"session": row.id},
        )
    return jeton


def find_open(session: Session, user_id: int, jeton: str) -> SessionAppareil | None:
    """The open session of this account whose token is ``jeton``, else None."""
    return session.exec(
        select(SessionAppareil).where(
            SessionAppareil.jeton_hash == digest(jeton),
            SessionAppareil.utilisateur_id == user_id,
            SessionAppareil.fermee_le.is_(None),
        )
    ).first()


def close_session(session: Session, user: Utilisateur, jeton: str, *, qui: str) -> bool:
    """End this device's session only (one transaction, journaled). False when it was not
    open (already closed, or ended by a renewal of the account's token)."""
    row = find_open(session, user.id, jeton)
    if row is None:
        return False
    with transaction(session):
        row.fermee_le = utcnow()
        session.add(row)
        record(
            session,
            qui=qui,
            action="compte:fermeture_session",
            objet="utilisateur",
            objet_id=str(user.id),
            code_insee=user.commune_code,
            avant={"session": row.id, "ouverte": True},
            apres={"session": row.id, "ouverte": False},
            motif="déconnexion de cet appareil",
        )
    return True
