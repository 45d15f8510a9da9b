"""The trusted-device cookie: after a successful login, the browser keeps a signed random id
bound to the account. Login failures made with it are counted against that device, not
against the client's address (``services.comptes.connexions``): an attacker elsewhere, even behind
the same address, cannot slow the owner down on a browser they already used.

The cookie grants no access by itself (it is not a session): it only selects which failure
counter applies. It holds a digest of the e-mail address, never the address itself.
"""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

__all__ = ["COOKIE", "device_of", "remember_device"]

COOKIE = "va_appareil"
_SALT = "village-avenir-appareil-de-confiance"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=_SALT)


def _digest(email: str) -> str:
    return hashlib.sha256((email or "").strip().lower().encode()).hexdigest()[:32]


def _max_age() -> int:
    return int(current_app.config.get("APPAREIL_JOURS", 180)) * 24 * 3600


def device_of(email: str) -> str | None:
    """The id of this browser's trusted device for ``email``, or None."""
    raw = request.cookies.get(COOKIE)
    if not raw or len(raw) > 400:
        return None
    try:
        data = _serializer().loads(raw, max_age=_max_age())
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("e") != _digest(email):
        return None
    device = data.get("d")
    return device if isinstance(device, str) and 8 <= len(device) <= 40 else None


def remember_device(response, email: str, device: str | None = None):
    """Set (or renew) the trusted-device cookie for ``email`` on ``response``."""
    value = _serializer().dumps({"e": _digest(email), "d": device or secrets.token_urlsafe(16)})
    response.set_cookie(
        COOKIE,
        value,
        max_age=_max_age(),
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
    )
    return response
