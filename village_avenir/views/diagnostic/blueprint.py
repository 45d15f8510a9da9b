"""The ``diagnostic`` blueprint, imported by its route modules (which the package imports)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("diagnostic", __name__, url_prefix="/diagnostic")
