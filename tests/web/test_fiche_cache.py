"""The public commune sheet is kept rendered until what it shows changes (issue 6, load).

Anonymous visitors get the cached page; it is rebuilt when a membership (or the
referential) changes; logged-in users and visitors with a message waiting always get a page
rendered for them."""

from __future__ import annotations

from tests.conftest import USERS, login
from village_avenir.db import get_session
from village_avenir.domain.eligibilite import Membership
from village_avenir.services import import_memberships
from village_avenir.sources.programmes import MembershipRow
from village_avenir.views.fiche_cache import cached_page, keep_page, page_cache


def _cache(app):
    with app.app_context():
        return page_cache()


def test_anonymous_sheet_cached_until_a_membership_changes(users_app):
    client, cache = users_app.test_client(), _cache(users_app)
    cache.clear()
    first = client.get("/communes/46001")
    assert first.status_code == 200 and "Éligible" in first.get_data(as_text=True)
    again = client.get("/communes/46001")
    assert (cache.hits, cache.misses) == (1, 1)
    assert again.get_data() == first.get_data()
    # Headers stay per request: a fresh CSP nonce each time.
    assert again.headers["Content-Security-Policy"] != first.headers["Content-Security-Policy"]
    assert "<script" not in again.get_data(as_text=True)  # no nonce could go stale

    with users_app.app_context():
        row = MembershipRow(
            "46001", Membership("pvd", "officiel", "Liste officielle de test", None, "2024"), 2
        )
        import_memberships(get_session(), [row], qui="tests")
    after = client.get("/communes/46001").get_data(as_text=True)
    assert cache.misses == 2
    assert "Non éligible" in after and "Liste officielle de test" in after


def test_logged_in_users_never_get_the_public_page(users_app):
    client, cache = users_app.test_client(), _cache(users_app)
    cache.clear()
    public = client.get("/communes/46001").get_data(as_text=True)
    login(client, "commune")
    mine = client.get("/communes/46001").get_data(as_text=True)
    assert mine != public and "Se déconnecter" in mine and "Se déconnecter" not in public
    assert cache.hits == 0
    assert USERS["commune"][1] == "46001"


def test_a_waiting_message_is_shown_not_served_from_cache(users_app):
    client, cache = users_app.test_client(), _cache(users_app)
    cache.clear()
    client.get("/communes/46003")
    with client.session_transaction() as sess:
        sess["_flashes"] = [("succes", "Message à ne pas perdre")]
    page = client.get("/communes/46003").get_data(as_text=True)
    assert "Message à ne pas perdre" in page and cache.hits == 0
    assert client.get("/communes/46003").get_data(as_text=True) != page  # shown once
    assert cache.hits == 1


def test_kept_page_is_served_compressed_once_under_its_key(app):
    page = "<p>fiche</p>" * 100
    with app.test_request_context(headers={"Accept-Encoding": "gzip"}):
        page_cache().clear()
        assert cached_page(None) is None and cached_page(("fiche", "46001")) is None
        first = keep_page(("fiche", "46001"), page)
        again = cached_page(("fiche", "46001"))
        assert first.headers["Content-Encoding"] == again.headers["Content-Encoding"] == "gzip"
        assert again.get_data() == first.get_data()
        assert (page_cache().hits, page_cache().misses) == (1, 1)
        assert cached_page(("fiche", "46002")) is None
