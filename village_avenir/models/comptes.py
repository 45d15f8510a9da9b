"""User accounts. Roles: ``commune`` (bound to one commune), ``ingenieur``, ``admin``.

The *public* role is the absence of an account.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlmodel import Field, SQLModel

from .audit import utcnow


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class Utilisateur(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(index=True, unique=True, max_length=254)
    nom: str = Field(max_length=200)
    mot_de_passe_hash: str = Field(max_length=300)
    role: str = Field(max_length=20)
    commune_code: str | None = Field(default=None, foreign_key="commune.code_insee", index=True)
    actif: bool = True
    cree_le: datetime = Field(default_factory=utcnow)
    derniere_connexion: datetime | None = None
    # Part of the session cookie's user id: renewing it (services.comptes.utilisateurs.renew_session_token)
    # logs every device out, including copies of an old cookie.
    jeton_session: str = Field(default_factory=new_session_token, max_length=64)

    def with_device(self, jeton_appareil: str) -> Utilisateur:
        """Attach this device's session token (not a column: it lives in the cookie only, the
        table ``SessionAppareil`` keeps its hash); ``get_id`` then carries it."""
        self.__dict__["_jeton_appareil"] = jeton_appareil
        return self

    # Flask-Login protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.actif

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """Flask-Login's id in the session cookie: ``"<id>:<jeton_session>:<jeton_appareil>"``.

        The account token ends every device at once (« se déconnecter de tous les
        appareils », password change); the device token ends this device only
        (« Se déconnecter », ``services.comptes.sessions.close_session``)."""
        return f"{self.id}:{self.jeton_session}:{self.__dict__.get('_jeton_appareil', '')}"


class SessionAppareil(SQLModel, table=True):
    """One open session of an account on one device (browser). The cookie carries the token,
    the table only its SHA-256: a database dump opens no session. « Se déconnecter » sets
    ``fermee_le`` for this row only, so the mayor's phone stays logged in when he leaves the
    town-hall computer."""

    __tablename__ = "session_appareil"

    id: int | None = Field(default=None, primary_key=True)
    utilisateur_id: int = Field(foreign_key="utilisateur.id", index=True)
    jeton_hash: str = Field(index=True, unique=True, max_length=64)
    ouverte_le: datetime = Field(default_factory=utcnow)
    fermee_le: datetime | None = None


class TentativeConnexion(SQLModel, table=True):
    """A failed login, kept in the database so that throttling holds across workers."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(index=True, max_length=254)
    ip: str = Field(index=True, max_length=64)
    quand: datetime = Field(default_factory=utcnow, index=True)


class Invitation(SQLModel, table=True):
    """An invitation (commune user, engineer or administrator): single-use token (stored
    hashed), expiry date, revocable. Opening the e-mailed link swaps the token for a new one
    kept in the browser's session (``services.comptes.invitations.open_invitation``): the link found in a
    log is then worthless."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(index=True, max_length=254)
    nom: str = Field(max_length=200)
    commune_code: str | None = Field(default=None, foreign_key="commune.code_insee", index=True)
    jeton_hash: str = Field(index=True, unique=True, max_length=64)
    expire_le: datetime
    utilisee_le: datetime | None = None
    cree_par: str
    cree_le: datetime = Field(default_factory=utcnow)
    role: str = Field(default="commune", max_length=20)
    revoquee_le: datetime | None = None


class Reinitialisation(SQLModel, table=True):
    """A password-reset request: single-use token (stored hashed), short expiry."""

    id: int | None = Field(default=None, primary_key=True)
    utilisateur_id: int = Field(foreign_key="utilisateur.id", index=True)
    jeton_hash: str = Field(index=True, unique=True, max_length=64)
    expire_le: datetime
    utilisee_le: datetime | None = None
    cree_le: datetime = Field(default_factory=utcnow)
