"""Writes per account per minute: a logged-in account may make at most
``ECRITURES_PAR_MINUTE`` journaled changes in any sliding minute; further POSTs get a French
429 until the minute has passed.

Every change is journaled (``services.audit.record``) with the account's e-mail as ``qui``,
so the count is the number of journal entries of the last minute: it lives in the database
and holds across gunicorn workers, with no table of its own. Refused requests (bad input)
write nothing and are not counted; logging in or out is never limited.

An import counts as one write (issue 25, L6: an engineer got 429 for a minute after an import
that changed 80 values): the entries of each imported value (``import:…``) are not counted,
and every import journals one entry of its own, the snapshot that follows it
(``diagnostic:instantane``), which is.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, abort, current_app, request
from flask_login import current_user
from sqlalchemy import func
from sqlmodel import select

from ..db import get_session
from ..models import Journal, utcnow

__all__ = ["EXEMPT", "recent_writes", "register"]

EXEMPT = {"auth.connexion", "auth.deconnexion", "auth.deconnexion_partout"}
# Journaled by logging in and out, which have their own limits: not counted.
NOT_COUNTED = (
    "compte:connexion",
    "compte:renouvellement_session",
    "compte:ouverture_session",  # per-device sessions (services/comptes/sessions.py)
    "compte:fermeture_session",
)
# One per imported value: the import itself is counted once, by its snapshot's entry.
PER_VALUE = "import:"


def recent_writes(session, qui: str, seconds: int = 60) -> int:
    """Journal entries written by ``qui`` over the last ``seconds``."""
    since = utcnow() - timedelta(seconds=seconds)
    stmt = select(func.count()).where(
        Journal.quand >= since,
        Journal.qui == qui,
        Journal.action.not_in(NOT_COUNTED),
        ~Journal.action.startswith(PER_VALUE),
    )
    return session.exec(stmt).one()


def register(app: Flask) -> None:
    @app.before_request
    def limit_writes_per_account():
        if request.method != "POST" or request.endpoint in EXEMPT:
            return
        if not getattr(current_user, "is_authenticated", False):
            return
        limit = int(current_app.config["ECRITURES_PAR_MINUTE"])
        if recent_writes(get_session(), current_user.email) >= limit:
            abort(
                429,
                description=(
                    f"Vous avez enregistré plus de {limit} modifications en une minute : "
                    "par sécurité, attendez une minute avant d'enregistrer à nouveau. Rien "
                    "n'a été enregistré ; revenez à la page précédente, votre saisie y est "
                    "encore."
                ),
            )
