"""The OpenAPI description of the JSON API (``/api/openapi.json``): it lists exactly the
``/api/`` routes of the app, and a schema-driven fuzz (schemathesis, through WSGI: no network)
checks every documented operation answers without a 5xx and as documented (status codes,
content types, response schemas).

SQLite only, like the form fuzz; bounded and derandomized examples so that CI is repeatable.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from village_avenir.views.api import openapi_description

SQLITE = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


EXAMPLES = int(os.environ.get("VILLAGE_AVENIR_FUZZ_EXAMPLES", "12"))


def _openapi_path(rule: str) -> str:
    """Werkzeug's ``/api/communes/<code>`` as OpenAPI's ``/api/communes/{…}`` (name ignored)."""
    import re

    return re.sub(r"<(?:[^:>]+:)?[^>]+>", "{}", rule)


@SQLITE
def test_every_api_route_is_described_and_nothing_else(app):
    routes = {
        (_openapi_path(r.rule), m.lower())
        for r in app.url_map.iter_rules()
        for m in r.methods - {"HEAD", "OPTIONS"}
        if r.rule.startswith("/api/")
    }
    spec = openapi_description()
    import re

    described = {
        (re.sub(r"\{[^}]+\}", "{}", path), method)
        for path, item in spec["paths"].items()
        for method in item
        if path.startswith("/api/")
    }
    assert routes == described, (
        f"routes sans description : {routes - described} ; décrites sans route : {described - routes}"
    )
    # The map exports described too must exist.
    others = {p for p in spec["paths"] if not p.startswith("/api/")}
    rules = {r.rule for r in app.url_map.iter_rules()}
    assert others <= rules


@SQLITE
def test_the_description_is_served_and_valid(client):
    resp = client.get("/api/openapi.json")
    assert resp.status_code == 200 and resp.is_json
    assert resp.get_json() == openapi_description()
    schema = schemathesis.openapi.from_dict(resp.get_json())
    schema.validate()  # raises on an invalid OpenAPI document


# schemathesis' lazy pytest integration (``from_fixture``) breaks on pytest 9 (it reads a
# private attribute): each operation's strategy is driven by Hypothesis directly instead.
OPERATIONS = [
    (path, method.upper())
    for path, item in openapi_description()["paths"].items()
    for method in item
]


# A well-formed SIREN that is not one of the département's EPCI is refused (400, documented):
# the map exports are exempt from « a schema-valid request is accepted » for that reason only.
EXEMPT = {"/carte/communes.geojson", "/carte/communes.csv"}


def test_the_colourings_described_are_the_registered_ones():
    from village_avenir.maps import colourings as _builtin  # noqa: F401
    from village_avenir.maps.layers import colourings

    param = openapi_description()["components"]["parameters"]["couleur"]
    assert param["schema"]["enum"] == [c.code for c in colourings()]


@SQLITE
@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_api_conforms_to_its_description(app, path, method):
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    operation = schemathesis.openapi.from_wsgi("/api/openapi.json", app)[path][method]
    excluded = [positive_data_acceptance] if path in EXEMPT else []
    calls = []

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        # schemathesis asks for gzip/br like requests does, but its WSGI transport does not
        # decode the body: ask for it plain (compression has its own tests).
        plain = {"Accept-Encoding": "identity"}
        calls.append(case.call_and_validate(headers=plain, excluded_checks=excluded))

    run()
    assert calls and all(r.status_code < 500 for r in calls)
