"""``GET /sante``: health check for the load balancer, the supervisor or a monitoring probe.

200 ``{"statut": "ok", "base": "ok", "communes": 312}`` when the database answers
``SELECT 1`` and the communes can be counted; 503 with a French message otherwise. The
answer never carries the database URL nor the driver's error (those go to the log).
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..db import get_session
from ..repository import count_communes

bp = Blueprint("sante", __name__)


@bp.get("/sante")
def sante():
    try:
        session = get_session()
        session.execute(text("SELECT 1"))
        communes = count_communes(session)
    except SQLAlchemyError as exc:
        current_app.logger.error("Contrôle de santé : base de données injoignable : %s", exc)
        response = jsonify(
            statut="erreur",
            base="injoignable",
            message="La base de données ne répond pas : le service est indisponible.",
        )
        response.status_code = 503
    else:
        response = jsonify(statut="ok", base="ok", communes=communes)
    response.headers["Cache-Control"] = "no-store"
    return response
