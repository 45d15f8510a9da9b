"""Strict-Transport-Security outside development (issue 25, point 2; probe finding L8)."""

from __future__ import annotations

from village_avenir import create_app
from village_avenir.web.http import strict_transport

PROD = {"SECRET_KEY": "0123456789abcdef" * 4, "URL_PUBLIQUE": "https://village-avenir.lot.test"}


def test_production_answers_carry_hsts_for_one_year(tmp_path, monkeypatch):
    monkeypatch.delenv("VILLAGE_AVENIR_HSTS_SECONDES", raising=False)
    monkeypatch.delenv("VILLAGE_AVENIR_ENV", raising=False)
    app = create_app({**PROD, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'h.sqlite3'}"})
    for path in ("/sante", "/connexion", "/page-qui-n-existe-pas"):
        resp = app.test_client().get(path, base_url="https://localhost")
        assert resp.headers["Strict-Transport-Security"] == "max-age=31536000", path
    off = create_app(
        {**PROD, "HSTS_SECONDES": 0, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'o.db'}"}
    )
    assert "Strict-Transport-Security" not in off.test_client().get("/sante").headers


def test_development_and_tests_send_no_hsts(users_app):
    # A developer's browser must not learn to refuse http://127.0.0.1:5000.
    assert "Strict-Transport-Security" not in users_app.test_client().get("/sante").headers
    assert strict_transport({"DEVELOPPEMENT": True, "HSTS_SECONDES": 10}, False) is None
    assert strict_transport({"HSTS_SECONDES": 10}, True) is None  # debug
    assert strict_transport({"HSTS_SECONDES": 10}, False) == "max-age=10"
