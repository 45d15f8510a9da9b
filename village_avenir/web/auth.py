"""Accounts, roles and permission checks (Flask-Login).

Roles (``domain/roles.py``), from least to most powerful: public (no account), ``commune`` (a mayor or town-hall
staff, bound to one commune), ``ingenieur`` (Département staff: every commune), ``admin``
(users, campaigns, parameters; also has the engineer's rights).

Use ``@role_required(...)`` on views and ``can_access_commune`` for objects that belong to a
commune: a commune user only ever reaches their own commune's data.
"""

from __future__ import annotations

import hmac
import re
from functools import wraps
from urllib.parse import urlsplit

from flask import Flask, abort, flash, jsonify, redirect, request, url_for
from flask_login import LoginManager, current_user

from ..db import get_session
from ..domain.nombres import parse_entier_positif
from ..domain.roles import ADMIN, COMMUNE, DEPARTEMENT
from ..models import Utilisateur
from ..services.comptes import sessions

_JETON = re.compile(r"[A-Za-z0-9_-]{16,64}")  # the session token in the cookie

login_manager = LoginManager()
login_manager.login_view = "auth.connexion"
login_manager.login_message = "Connectez-vous pour accéder à cette page."
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"


@login_manager.user_loader
def _load_user(user_id: str) -> Utilisateur | None:
    """The active account whose id, current account token AND open device session match
    the cookie's user id.

    ``Utilisateur.get_id()`` is ``"<id>:<jeton_session>:<jeton_appareil>"``: once the account
    token is renewed (password change, deactivation, « se déconnecter de tous les
    appareils »), every copy of an older cookie stops working; once this device's session
    is closed (« Se déconnecter »), this device's cookie (and its copies) stops working while
    the account's other devices stay logged in (``services/comptes/sessions.py``).
    """
    parts = (user_id or "").split(":")
    if len(parts) != 3:
        return None
    ident, jeton, appareil = parts
    uid = parse_entier_positif(ident)
    if uid is None or not _JETON.fullmatch(jeton) or not _JETON.fullmatch(appareil):
        return None
    user = get_session().get(Utilisateur, uid)
    if user is None or not user.actif:
        return None
    if not hmac.compare_digest(user.jeton_session.encode(), jeton.encode()):
        return None
    if sessions.find_open(get_session(), uid, appareil) is None:
        return None
    return user.with_device(appareil)


@login_manager.unauthorized_handler
def _unauthorized():
    if request.path.startswith("/api/"):
        body = {
            "erreur": {
                "code": 401,
                "titre": "Connexion requise",
                "message": "Connectez-vous pour accéder à cette ressource.",
            }
        }
        return jsonify(body), 401
    if request.method == "POST":  # a save sent after the session ended elsewhere
        flash(
            "Votre session a pris fin (déconnexion depuis un autre appareil, ou absence "
            "prolongée) : rien n'a été enregistré. Reconnectez-vous : ce que vous aviez tapé "
            "est gardé par ce navigateur et vous sera proposé sur la page du formulaire.",
            "info",
        )
    else:
        flash(login_manager.login_message, login_manager.login_message_category)
    return redirect(url_for("auth.connexion", suivant=_back_after_login()))


def _back_after_login() -> str:
    """Where the login page leads back: the page asked for or, for a form sent after the
    session ended, the page the form was on (its same-origin Referer: the form's own route
    may answer POST only, as the buttons of the application form do); the address of the
    request when there is no such Referer."""
    if request.method != "GET" and request.referrer:
        origine = urlsplit(request.referrer)
        if origine.netloc == request.host and origine.path.startswith("/"):
            return origine.path + (f"?{origine.query}" if origine.query else "")
    return request.full_path.rstrip("?")


def init_app(app: Flask) -> None:
    login_manager.init_app(app)


def role_required(*roles: str):
    """Allow only logged-in users whose role is in ``roles`` (admin is always allowed)."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role != ADMIN and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator


def is_departement(user) -> bool:
    """True for Département staff (ingénieur, admin), who see every commune."""
    return bool(getattr(user, "is_authenticated", False)) and user.role in DEPARTEMENT


def can_access_commune(user, code_insee: str) -> bool:
    """True when ``user`` may see and act on ``code_insee``'s private data."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_departement(user):
        return True
    return user.role == COMMUNE and user.commune_code == code_insee


def require_commune_access(code_insee: str) -> None:
    """Abort with 403 (or send to login) unless the current user may act on that commune."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not can_access_commune(current_user, code_insee):
        abort(403)
