"""Regression tests of the outside review (issue 14) that belong to no other area: caches,
refusal messages, rate limits."""

from __future__ import annotations

import pytest

from tests.conftest import login
from tests.web.test_permissions import MATRIX, OK, setup  # noqa: F401  (fixture)

STATIC = ("/vendor/",)


@pytest.mark.parametrize("role", ["commune", "ingenieur"])
def test_private_answers_are_never_stored_by_a_cache(setup, role):  # noqa: F811
    """Issue 14 n° 10: no « Cache-Control: no-store » on private pages and exports."""
    app, ids = setup
    client = app.test_client()
    assert login(client, role).status_code == 302
    missing = []
    for method, _rule, path_tpl, expected in MATRIX:
        if method != "GET" or expected[role] != OK or path_tpl.startswith(STATIC):
            continue
        resp = client.get(path_tpl.format(**ids))
        if resp.status_code < 400 and resp.headers.get("Cache-Control") != "no-store":
            missing.append(f"{path_tpl} ({resp.status_code})")
    assert not missing, missing
    assert "no-store" not in client.get("/vendor/leaflet/leaflet.css").headers.get(
        "Cache-Control", ""
    )


def test_public_pages_stay_cacheable_for_anonymous_visitors(client):
    resp = client.get("/carte/communes.csv")
    assert resp.status_code == 200
    assert "no-store" not in resp.headers.get("Cache-Control", "")
    assert client.get("/connexion").headers["Cache-Control"] == "no-store"  # sets a cookie
