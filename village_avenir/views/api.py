"""JSON API keyed by INSEE code. Shape documented in docs/API.md; codes stay stable.

- ``GET /api/communes``: every commune with its eligibility (filters ``q``, ``epci``).
- ``GET /api/communes/<code_insee>``: one commune; an old code resolves to the current
  commune and ``demande`` says so.
- ``GET /api/openapi.json``: the OpenAPI 3 description of these routes and of the map
  exports (``village_avenir/openapi.json``, kept with the code; a test checks both agree).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from flask import Blueprint, abort, jsonify, request

from .. import services
from ..db import get_session
from ..domain.nombres import parse_entier_positif
from ..parametres import load_reglement, load_regles
from ..serializers import assessment_json, rules_json

bp = Blueprint("api", __name__, url_prefix="/api")
OPENAPI = Path(__file__).resolve().parents[1] / "openapi.json"


@cache
def openapi_description() -> dict:
    return json.loads(OPENAPI.read_text(encoding="utf-8"))


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_description())


@bp.get("/communes")
def communes():
    q = request.args.get("q", "").strip()[:100] or None
    epci = request.args.get("epci", "").strip()[:9] or None
    raw = request.args.get("limite", "").strip()
    limite = parse_entier_positif(raw, chiffres=3)
    if raw and (limite is None or not 1 <= limite <= 100):
        abort(400, description="« limite » doit être un nombre entier de 1 à 100.")
    items = services.assess_all(get_session(), load_regles(), q, epci)
    return jsonify(
        {
            "regles": rules_json(load_regles()),
            "total": len(items),
            "communes": [assessment_json(a) for a in items[:limite]],
        }
    )


@bp.get("/communes/<code>")
def commune(code: str):
    assessment = services.assess(get_session(), load_regles(), code, load_reglement())
    body = assessment_json(assessment)
    body["regles"] = rules_json(load_regles())
    return jsonify(body)
