"""``GET /sante``: 200 when the database answers, 503 with a French message (and no secret)
when it does not."""

from __future__ import annotations

from tests.conftest import make_app


def test_health_is_ok_with_the_commune_count(client):
    response = client.get("/sante")
    assert response.status_code == 200
    assert response.get_json() == {"statut": "ok", "base": "ok", "communes": 312}
    assert response.headers["Cache-Control"] == "no-store"


def test_health_reports_an_empty_database(fresh_app):
    response = fresh_app.test_client().get("/sante")
    assert response.status_code == 200
    assert response.get_json()["communes"] == 0


def _assert_unavailable(app, *secrets: str):
    response = app.test_client().get("/sante")
    assert response.status_code == 503
    body = response.get_json()
    assert body["statut"] == "erreur" and body["base"] == "injoignable"
    assert body["message"] == "La base de données ne répond pas : le service est indisponible."
    text = response.get_data(as_text=True)
    for secret in secrets:
        assert secret not in text


def test_health_is_503_when_sqlite_file_cannot_be_opened(tmp_path):
    missing = tmp_path / "absent" / "dossier" / "base.sqlite3"
    _assert_unavailable(make_app(f"sqlite:///{missing}"), str(missing), "sqlite")


def test_health_is_503_when_postgresql_is_unreachable():
    # Port 1 on the loopback: connection refused at once, no server behind it.
    url = "postgresql+psycopg://village:mot-de-passe-secret@127.0.0.1:1/base_absente"
    _assert_unavailable(make_app(url), "mot-de-passe-secret", "127.0.0.1", "base_absente")
