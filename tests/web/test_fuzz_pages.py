"""Hostile input on EVERY GET route (pages, JSON, GeoJSON and CSV exports): Hypothesis puts
random strings, huge numbers, NUL, RTL marks, path tricks… in the path parameters and the
query string, as a role allowed to see the route (tests/web/test_permissions.py MATRIX).

Invariants: never a 5xx, never a traceback, and a GET writes nothing (no business table and
no journal entry change). SQLite only, derandomized, bounded (see test_fuzz_forms.py).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import login
from tests.web import fuzz_checks as db
from tests.web import fuzz_support as fz
from tests.web.test_fuzz_forms import EXAMPLES, _copy, template  # noqa: F401  (fixture)
from tests.web.test_permissions import MATRIX, OK

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)

GETS = {rule: (path, expected) for method, rule, path, expected in MATRIX if method == "GET"}
# Query parameters the views read, and a few they do not.
PARAMS = [
    "q",
    "epci",
    "couleur",
    "tri",
    "ordre",
    "depuis",
    "etat",
    "code_insee",
    "page",
    "avant",
    "x",
]


def role_for(expected: dict) -> str:
    return next(r for r in ("ingenieur", "admin", "commune", "anonyme") if expected[r] == OK)


@st.composite
def request_path(draw, rule: str, concrete: str):
    """The route's path with some parameters replaced by hostile values, plus a query."""
    names = re.findall(r"<(?:[^:>]+:)?([^>]+)>", rule)
    values = dict(zip(names, _segments(rule, concrete), strict=True))
    for name in names:
        if draw(st.booleans()):
            values[name] = quote(str(draw(fz.hostile)), safe="") or "%20"
    path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: values[m.group(1)], rule)
    query = draw(st.lists(st.tuples(st.sampled_from(PARAMS), fz.hostile), max_size=3))
    return path + ("?" + urlencode(query) if query else "")


def _segments(rule: str, concrete: str) -> list[str]:
    """The concrete values of the rule's parameters in the MATRIX path."""
    pattern = re.escape(rule)
    pattern = re.sub(
        r"<(?:[^:>]+:)?[^>]+>", "(.+?)", pattern.replace("\\<", "<").replace("\\>", ">")
    )
    match = re.fullmatch(pattern, concrete.split("?")[0])
    assert match, (rule, concrete)
    return list(match.groups())


def test_every_get_route_is_fuzzed(app):
    rules = {
        r.rule for r in app.url_map.iter_rules() if "GET" in r.methods and r.endpoint != "static"
    }
    assert rules == set(GETS), f"route GET hors de la matrice : {rules ^ set(GETS)}"


@pytest.mark.parametrize("rule", sorted(GETS))
def test_hostile_input_on_every_page(template, rule, tmp_path):  # noqa: F811
    app, ids = _copy(template, tmp_path)
    engine = app.extensions["village_avenir.engine"]
    concrete, expected = GETS[rule]
    concrete = concrete.format(**ids)
    client = app.test_client()
    role = role_for(expected)
    if role != "anonyme":
        assert login(client, role).status_code == 302
    statuses = []

    @settings(
        max_examples=max(4, EXAMPLES // 2),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(path=request_path(rule, concrete))
    def run(path):
        before = db.snapshot(engine)
        resp = client.get(path)
        # A PDF (committee pack) is binary: read it leniently, the checks stay the same.
        binary = resp.mimetype == "application/pdf"
        body = resp.get_data().decode("utf-8", "replace") if binary else resp.get_data(True)
        statuses.append(resp.status_code)
        assert resp.status_code < 500, f"{path} : {body[:2000]}"
        assert "Traceback" not in body
        assert db.snapshot(engine) == before, f"{path} a écrit dans la base"

    run()
    engine.dispose()
    assert statuses
