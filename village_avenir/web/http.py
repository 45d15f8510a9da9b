"""HTTP-level settings shared by every route: bounded integer URLs and safety headers.

- ``<int:…>`` URL parts are capped at 2³¹−1: a larger id is simply « not found » (404),
  where SQLite would raise an overflow error.
- Every response carries a Content-Security-Policy that forbids every external origin
  (the optional tile server of the maps excepted, for images only). Inline scripts run only
  with the request's nonce: templates write ``<script nonce="{{ csp_nonce() }}">``. No
  inline style at all (no ``style=""``, no ``<style>``): colours of legend swatches are SVG
  presentation attributes, which CSP does not govern; Leaflet styles its elements through
  the CSSOM, which CSP does not block either.
- Framing is forbidden (clickjacking of the state-changing buttons), MIME sniffing too, and
  no referrer is sent to other sites.
- Private answers carry ``Cache-Control: no-store`` (no copy in the browser's cache or in a
  shared proxy): every answer to a logged-in user, and every answer that sets a cookie (the
  login form), static files excepted. Public pages seen anonymously stay cacheable.
- ``VILLAGE_AVENIR_PROXY=1``: behind one reverse proxy (nginx), the client address and the
  scheme come from its ``X-Forwarded-For`` / ``X-Forwarded-Proto`` headers (werkzeug's
  ProxyFix, one hop). Never set it without a proxy: clients could then forge their address
  and escape the login throttling. ``X-Forwarded-Host`` and ``X-Forwarded-Port`` are never
  trusted (issue 25): nothing the app builds may take its host from a client's header, and
  e-mail links come from the configured address only (``liens.py``).
- Outside development every answer carries ``Strict-Transport-Security: max-age=N``
  (``HSTS_SECONDES``, one year by default; 0 turns it off): once a browser has seen the site
  over HTTPS it never goes back to plain HTTP, where a session cookie or a reset link could
  be read on the way. No ``includeSubDomains``: the other sites under the same domain are not
  ours to commit. Browsers ignore the header over plain HTTP.
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from urllib.parse import urlsplit

from flask import Flask, current_app, g, request, session
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from ..config import ConfigurationInvalide, is_development

__all__ = [
    "MAX_ID",
    "TuilesUrlInvalide",
    "content_security_policy",
    "csp_nonce",
    "init_app",
    "plan_tiles",
    "strict_transport",
]

MAX_ID = 2**31 - 1


class TuilesUrlInvalide(ConfigurationInvalide):
    """The configured tile URL has no usable origin for the Content-Security-Policy."""


class BoundedIntConverter(IntegerConverter):
    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def csp_nonce() -> str:
    """The nonce of the current request (one per request, unguessable)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


@lru_cache(maxsize=8)
def tile_origin(url: str, variable: str = "VILLAGE_AVENIR_TUILES_URL") -> str:
    """The CSP source of a Leaflet tile URL: ``https://{s}.tiles.fr/{z}/{x}/{y}.png`` gives
    ``https://*.tiles.fr``. Raises TuilesUrlInvalide when no origin can be derived."""
    parts = urlsplit(url)
    host = parts.netloc
    if host.startswith("{s}."):
        host = "*." + host[4:]
    if parts.scheme not in {"http", "https"} or not host or any(c in host for c in "{}'; "):
        raise TuilesUrlInvalide(
            f"{variable} « {url} » : l'adresse du serveur de tuiles doit "
            "commencer par http:// ou https:// suivi d'un nom d'hôte (seul le préfixe « {s}. » "
            "est accepté comme variable dans le nom d'hôte)."
        )
    return f"{parts.scheme}://{host}"


def content_security_policy(nonce: str, *tiles_urls: str | None) -> str:
    """The policy; each tile URL given (département map, plan base map) adds its origin to
    ``img-src`` only."""
    origins = dict.fromkeys(tile_origin(url) for url in tiles_urls if url)
    img = " ".join(["'self' data:", *origins])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            f"img-src {img}",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def plan_tiles(config) -> str | None:
    """The plan maps' base-map URL, or None when it is turned off."""
    return config.get("CARTE_PLAN_FOND_URL") if config.get("CARTE_PLAN_FOND") else None


def strict_transport(app_config, debug: bool) -> str | None:
    """The ``Strict-Transport-Security`` value, or None (development, or turned off)."""
    seconds = int(app_config.get("HSTS_SECONDES") or 0)
    if seconds <= 0 or is_development(app_config, debug):
        return None
    return f"max-age={seconds}"


def init_app(app: Flask) -> None:
    """Call before registering blueprints (converters are bound when rules are added)."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    if app.config.get("PROXY"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=0, x_port=0)
    # Refuse a bad URL at start-up, naming the setting to correct.
    for url, variable in (
        (plan_tiles(app.config), "VILLAGE_AVENIR_FOND_PLAN_URL"),
        (app.config.get("CARTE_TUILES_URL"), "VILLAGE_AVENIR_TUILES_URL"),
    ):
        if url:
            tile_origin(url, variable)

    hsts = strict_transport(app.config, app.debug)

    @app.after_request
    def _safety_headers(response):
        cfg = current_app.config
        policy = content_security_policy(csp_nonce(), cfg.get("CARTE_TUILES_URL"), plan_tiles(cfg))
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if hsts:
            response.headers.setdefault("Strict-Transport-Security", hsts)
        if _private(response):
            response.headers["Cache-Control"] = "no-store"
        return response


PUBLIC_FILES = {"static", "assets.leaflet"}


def _private(response) -> bool:
    """An answer that must never be stored by a cache (see the module's docstring)."""
    if request.endpoint in PUBLIC_FILES:
        return False
    if "Set-Cookie" in response.headers or session.modified:  # the session is saved later
        return True
    return bool(getattr(current_user, "is_authenticated", False))
