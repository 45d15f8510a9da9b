"""The ``patrimoine_visite`` blueprint (on-site visit, its sync endpoints, its photos), imported
by its route modules ``visite``, ``synchronisation`` and ``photos``. Every URL is under
``/patrimoine/visite/``: the service worker served at ``/patrimoine/visite/sw.js`` controls
exactly these pages."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("patrimoine_visite", __name__, url_prefix="/patrimoine/visite")
