"""Fingerprinted static URLs, cached for good by the browsers (issue 17).

Every ``url_for('static', filename=…)`` (and ``url_for('assets.leaflet', …)``, Leaflet's
files, including the links folium writes in the maps) gets ``?v=<hash>``: the first 12 hex
digits of the SHA-256 of the file's content. Templates do not change: a ``url_defaults``
hook adds the parameter. An answer to such a URL whose ``v`` is the file's current hash is
sent with ``Cache-Control: public, max-age=31536000, immutable``: a browser keeps it a year
without asking again, and a new content gets a new URL, so nothing stale is ever shown.

A URL without ``v``, or with an outdated one (a page rendered before a deployment), keeps
the folder's usual short caching (revalidated). HTML pages are not touched here: they stay
revalidated on every visit.

The hash is recomputed when the file's modification time or size changes (``make run``
serves edited files at once); otherwise it is read from memory.

Static answers do not depend on the session, so they do not carry ``Vary: Cookie`` (Flask
adds it to every answer whose request read the session, and flask-login reads it on every
request): with it, a browser would re-validate every cached file each time the session
cookie changes (a login, every message shown after a save).
"""

from __future__ import annotations

import hashlib
import os
import threading

from flask import Flask, current_app, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.security import safe_join

__all__ = ["IMMUTABLE", "fingerprint", "init_app", "register_folder"]

IMMUTABLE = "public, max-age=31536000, immutable"
_FOLDERS = "village_avenir.static_folders"
_memo: dict[str, tuple[int, int, str]] = {}
_memo_lock = threading.Lock()


def register_folder(app: Flask, endpoint: str, folder: str) -> None:
    """Fingerprint the URLs of ``endpoint``, whose ``filename`` is relative to ``folder``."""
    app.extensions.setdefault(_FOLDERS, {})[endpoint] = str(folder)


def fingerprint(path: str) -> str:
    """First 12 hex digits of the SHA-256 of the file at ``path`` (memoised per mtime/size)."""
    st = os.stat(path)
    known = _memo.get(path)
    if known and known[:2] == (st.st_mtime_ns, st.st_size):
        return known[2]
    with open(path, "rb") as f:
        digest = hashlib.file_digest(f, "sha256").hexdigest()[:12]
    with _memo_lock:
        _memo[path] = (st.st_mtime_ns, st.st_size, digest)
    return digest


def _file_fingerprint(app: Flask, endpoint: str | None, filename: str | None) -> str | None:
    folder = app.extensions.get(_FOLDERS, {}).get(endpoint or "")
    if folder is None or not filename:
        return None
    path = safe_join(folder, filename)
    if path is None or not os.path.isfile(path):
        return None
    return fingerprint(path)


class _SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, without ``Vary: Cookie`` on static answers."""

    def save_session(self, app, session, response) -> None:
        super().save_session(app, session, response)
        static = request.endpoint in app.extensions.get(_FOLDERS, {})
        if static and "Cookie" in response.vary and "Set-Cookie" not in response.headers:
            kept = [name for name in response.vary if name.lower() != "cookie"]
            response.headers.pop("Vary")
            if kept:
                response.headers["Vary"] = ", ".join(kept)


def init_app(app: Flask) -> None:
    if app.static_folder:
        register_folder(app, "static", app.static_folder)
    if type(app.session_interface) is SecureCookieSessionInterface:
        app.session_interface = _SessionInterface()

    @app.url_defaults
    def _add_fingerprint(endpoint: str, values: dict) -> None:
        if "v" in values:
            return
        digest = _file_fingerprint(current_app, endpoint, values.get("filename"))
        if digest:
            values["v"] = digest

    @app.after_request
    def _cache_for_good(response):
        version = request.args.get("v")
        if not version or response.status_code not in (200, 206, 304):
            return response
        filename = (request.view_args or {}).get("filename")
        if version == _file_fingerprint(current_app, request.endpoint, filename):
            response.headers["Cache-Control"] = IMMUTABLE
            response.headers.pop("Expires", None)
        return response
