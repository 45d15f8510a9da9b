"""BREACH (issue 25, L2): an answer that carries the CSRF token and reflects the visitor's
input is never compressed; the other answers still are. The probe's case: /communes?q=
(compressed, reflecting the query, with the token of the logout form)."""

from __future__ import annotations

from tests.conftest import csrf_token
from tests.web.conftest import logged

MARK = "Zorglub-46"


def test_a_search_page_with_a_token_is_not_compressed(users_app):
    client = logged(users_app, "commune")
    found = client.get(f"/communes?q={MARK}", headers={"Accept-Encoding": "br, gzip"})
    page = found.get_data(as_text=True)
    assert found.status_code == 200 and MARK in page and 'name="csrf_token"' in page
    assert "Content-Encoding" not in found.headers
    assert "Accept-Encoding" in found.headers["Vary"]
    # The same page without a query is compressed as before.
    plain = client.get("/communes", headers={"Accept-Encoding": "br, gzip"})
    assert plain.headers["Content-Encoding"] == "br"


def test_a_form_sent_back_with_its_errors_is_not_compressed(users_app):
    client = logged(users_app, "commune")
    token = csrf_token(client, "/compte")
    resp = client.post(
        "/compte/mot-de-passe",
        data={
            "csrf_token": token,
            "actuel": "faux",
            "mot_de_passe": MARK * 3,
            "confirmation": MARK,
        },
        headers={"Accept-Encoding": "br, gzip"},
    )
    assert 'name="csrf_token"' in resp.get_data(as_text=True)
    assert "Content-Encoding" not in resp.headers


def test_answers_without_a_token_stay_compressed(users_app):
    anonymous = users_app.test_client()
    data = anonymous.get("/api/communes?statut=eligible", headers={"Accept-Encoding": "gzip"})
    assert data.status_code == 200 and data.mimetype == "application/json"
    assert data.headers.get("Content-Encoding") == "gzip"
