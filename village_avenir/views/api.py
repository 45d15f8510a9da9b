"""JSON API keyed by INSEE code. Shape documented in docs/API.md; codes stay stable.

- ``GET /api/communes``: every commune with its eligibility (filters ``q``, ``epci``).
- ``GET /api/communes/<code_insee>``: one commune; an old code resolves to the current
  commune and ``demande`` says so.
"""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from .. import services
from ..db import get_session
from ..domain.communes import InvalidInseeCode
from ..serializers import assessment_json, rules_json
from .common import rules

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/communes")
def communes():
    q = request.args.get("q", "").strip()[:100] or None
    epci = request.args.get("epci", "").strip()[:9] or None
    items = services.assess_all(get_session(), rules(), q, epci)
    return jsonify(
        {
            "regles": rules_json(rules()),
            "total": len(items),
            "communes": [assessment_json(a) for a in items],
        }
    )


@bp.get("/communes/<code>")
def commune(code: str):
    try:
        assessment = services.assess(get_session(), rules(), code)
    except InvalidInseeCode as exc:
        abort(400, description=str(exc))
    except services.CommuneInconnue as exc:
        abort(404, description=str(exc))
    body = assessment_json(assessment)
    body["regles"] = rules_json(rules())
    return jsonify(body)
