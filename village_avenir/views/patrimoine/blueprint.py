"""The ``patrimoine`` blueprint, imported by its route modules (which the package imports).

The visit page and the photo route of issue 22 item 2 have their own blueprint
(``blueprint_visite.py``, ``patrimoine_visite``, under ``/patrimoine/visite/``, the scope of
its service worker); the inventory pages show thumbnails through ``patrimoine_visite.photo``."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("patrimoine", __name__)
