"""Access: login throttling (per account and per IP, stored in the database so it holds
across workers). Invitations: ``services/invitations.py`` (re-exported here).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, select

from ..models import TentativeConnexion, utcnow

__all__ = [
    "ConnexionBloquee",
    "InvitationInvalide",
    "accept_invitation",
    "check_throttle",
    "find_invitation",
    "invite",
    "record_failure",
    "record_success",
]


class ConnexionBloquee(RuntimeError):
    """Too many failed logins recently (message in French)."""


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def check_throttle(session: Session, email: str, ip: str, config) -> None:
    """Raise ConnexionBloquee when the account or the address failed too often lately."""
    minutes = int(config["CONNEXION_FENETRE_MINUTES"])
    since = utcnow() - timedelta(minutes=minutes)
    email = (email or "").strip().lower()

    def failures(column, value) -> int:
        stmt = select(func.count()).where(column == value, TentativeConnexion.quand >= since)
        return session.exec(stmt).one()

    if failures(TentativeConnexion.email, email) >= int(config["CONNEXION_MAX_PAR_COMPTE"]) or (
        failures(TentativeConnexion.ip, ip) >= int(config["CONNEXION_MAX_PAR_IP"])
    ):
        raise ConnexionBloquee(
            "Trop de tentatives de connexion infructueuses : par sécurité, la connexion est "
            f"suspendue pendant {minutes} minutes. Réessayez plus tard, ou choisissez un "
            "nouveau mot de passe avec « Mot de passe oublié » : cela marche tout de suite."
        )


def record_failure(session: Session, email: str, ip: str, keep_days: int = 30) -> None:
    """Record a failed login; failures older than ``keep_days`` are erased on the way (they
    hold an address and a typed e-mail: personal data kept no longer than useful). The owner
    is told by e-mail when this failure reaches the account's limit."""
    old = utcnow() - timedelta(days=keep_days)
    session.exec(delete(TentativeConnexion).where(TentativeConnexion.quand < old))
    email = (email or "").strip().lower()[:254]
    session.add(TentativeConnexion(email=email, ip=ip[:64]))
    _tell_owner_when_suspended(session, email)
    session.commit()


def _tell_owner_when_suspended(session: Session, email: str) -> None:
    """The « compte verrouillé » e-mail (``courriels.compte_verrouille``), queued once, when
    this failure reaches the account's limit (same transaction as the failure)."""
    from flask import current_app

    from . import courriels

    minutes = int(current_app.config["CONNEXION_FENETRE_MINUTES"])
    since = utcnow() - timedelta(minutes=minutes)
    session.flush()
    count = session.exec(
        select(func.count()).where(
            TentativeConnexion.email == email, TentativeConnexion.quand >= since
        )
    ).one()
    if count == int(current_app.config["CONNEXION_MAX_PAR_COMPTE"]):
        courriels.compte_verrouille(session, email, minutes)


def record_success(session: Session, email: str) -> None:
    session.exec(delete(TentativeConnexion).where(TentativeConnexion.email == email))
    session.commit()


# Invitations live in services/invitations.py; these names stay for existing callers.
from .invitations import (  # noqa: E402
    InvitationInvalide,
    accept_invitation,
    find_invitation,
    invite,
)
