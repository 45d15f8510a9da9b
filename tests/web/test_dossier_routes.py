"""The application form posts each button to its own route (issue 26 n° 5): the buttons'
``formaction`` are the POST routes of ``views/candidatures/dossier.py``, the form's own action
saves (Enter, the conflict panel), the page is GET only, and the commune's eligibility is
assessed once per request however often the page asks for it."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import logged, post_dossier
from village_avenir import services

BUTTONS = {"enregistrer", "ajouter", "retirer", "garder", "deposer"}


def _form(html: str) -> str:
    return html.split('class="formulaire dossier"', 1)[1].split("</form>", 1)[0]


def test_every_button_posts_to_a_route_of_its_own(cand_app):
    app, ids = cand_app
    cid = ids["commune"]
    client = logged(app, "commune")
    post_dossier(client, cid, {"patrimoine-0-nom": "Église", "patrimoine-1-nom": "Lavoir"})
    html = client.get(f"/candidatures/{cid}/dossier?retrait=1").get_data(as_text=True)
    action = re.search(r'<form method="post" action="([^"]+)"[^>]*class="formulaire dossier"', html)
    assert action and action.group(1) == f"/candidatures/{cid}/dossier/enregistrer"
    targets = re.findall(r'formaction="([^"]+)"', _form(html))
    adapter = app.url_map.bind("localhost")
    endpoints = {adapter.match(t, method="POST")[0] for t in targets}
    assert endpoints == {
        "candidatures.dossier_enregistrer",
        "candidatures.dossier_ajouter",
        "candidatures.dossier_retirer",
        "candidatures.dossier_confirmer_retrait",
        "candidatures.dossier_garder",
        "candidatures.dossier_deposer",
    }
    assert 'name="action"' not in _form(html)  # nothing left for a view to tell apart


def test_the_page_itself_is_get_only(cand_app):
    app, ids = cand_app
    client = logged(app, "commune")
    assert client.post(f"/candidatures/{ids['commune']}/dossier").status_code == 405


@pytest.fixture
def assessments(monkeypatch):
    """Count the commune's assessments (``services.assess``) of a request."""
    calls = []
    real = services.assess

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "assess", counted)
    return calls


def test_eligibility_is_assessed_once_per_request(cand_app, assessments):
    app, ids = cand_app
    cid = ids["commune"]
    client = logged(app, "commune")
    html = client.get(f"/candidatures/{cid}/dossier").get_data(as_text=True)
    assert len(assessments) == 1
    assessments.clear()
    payload = {
        "csrf_token": re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1),
        "version": re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1),
        "contact_email": "pas-une-adresse",
    }
    resp = client.post(f"/candidatures/{cid}/dossier/deposer", data=payload)
    assert resp.status_code == 400  # saved, then the form again with what is wrong
    assert len(assessments) == 1


def test_eligibility_of_keeps_its_answer_for_the_request(cand_app, assessments):
    from village_avenir.views.candidatures.common import eligibility_of

    app, _ = cand_app
    with app.test_request_context("/"):
        first = eligibility_of("46001")
        assert eligibility_of("46001") is first
        eligibility_of("46015")
    assert len(assessments) == 2
    with app.test_request_context("/"):
        eligibility_of("46001")  # another request: assessed again
    assert len(assessments) == 3


def test_a_save_after_the_session_ended_leads_back_to_the_form_page(cand_app):
    """The buttons' routes answer POST only: after logging in again the mayor lands on the
    page the form was on (its Referer), not on a route a GET cannot open."""
    from urllib.parse import parse_qs, urlsplit

    from tests.conftest import csrf_token

    app, ids = cand_app
    cid = ids["commune"]
    phone, pc = logged(app, "commune"), logged(app, "commune")
    token = csrf_token(phone, f"/candidatures/{cid}/dossier")
    pc.post("/deconnexion-partout", data={"csrf_token": csrf_token(pc, "/candidatures")})
    resp = phone.post(
        f"/candidatures/{cid}/dossier/retirer/0",
        data={"csrf_token": token, "projet_titre": "x"},
        headers={"Referer": f"http://localhost/candidatures/{cid}/dossier?retrait=1"},
    )
    assert resp.status_code == 302
    suivant = parse_qs(urlsplit(resp.headers["Location"]).query)["suivant"]
    assert suivant == [f"/candidatures/{cid}/dossier?retrait=1"]
    other = phone.post(  # another site's Referer is not followed
        f"/candidatures/{cid}/dossier/enregistrer",
        data={"csrf_token": token},
        headers={"Referer": "http://pirate.test/ailleurs"},
    )
    suivant = parse_qs(urlsplit(other.headers["Location"]).query)["suivant"]
    assert suivant == [f"/candidatures/{cid}/dossier/enregistrer"]
