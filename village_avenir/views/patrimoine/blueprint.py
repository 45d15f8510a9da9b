"""The ``patrimoine`` blueprint, imported by its route modules (which the package imports).

The visit page and the photo routes of issue 22 item 2 register here too (endpoint
``patrimoine.photo`` with ``photo_id``: the inventory pages show thumbnails through it)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("patrimoine", __name__)
