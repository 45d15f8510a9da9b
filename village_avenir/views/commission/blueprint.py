"""The ``commission`` blueprint, imported by its route modules (which the package imports)."""

from __future__ import annotations

from flask import Blueprint

from .pdf import date_iso, datetime_iso

bp = Blueprint("commission", __name__, url_prefix="/campagnes")
bp.add_app_template_filter(date_iso, "date_iso")
bp.add_app_template_filter(datetime_iso, "datetime_iso")
