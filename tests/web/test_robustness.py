"""Hostile or odd input found in review: never a 500, nothing lost, French messages."""

import pytest

from tests.conftest import csrf_token, login
from tests.web.conftest import post_dossier

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "path",
    [
        f"/candidatures/{HUGE}",
        f"/instruction/{HUGE}",
        f"/communes/46001/plan/versions/{HUGE}",
        f"/diagnostic/instantanes/{HUGE}/communes/46001",
    ],
)
def test_out_of_range_ids_are_not_found(users_app, path):
    client = users_app.test_client()
    login(client, "ingenieur")
    assert client.get(path).status_code == 404


def test_out_of_range_id_in_a_post_is_not_found(users_app):
    client = users_app.test_client()
    login(client, "ingenieur")
    token = csrf_token(client, "/communes/46001/adhesions")
    resp = client.post(
        f"/communes/46001/adhesions/{HUGE}/retirer",
        data={"motif": "motif valable", "csrf_token": token},
    )
    assert resp.status_code == 404


@pytest.mark.parametrize("value", ["²", "٣", "1" * 5000])
def test_unicode_or_huge_digits_in_a_draft_do_not_break_the_application(cand_app, value):
    app, ids = cand_app
    owner = app.test_client()
    login(owner, "commune")
    cid = ids["commune"]
    assert post_dossier(owner, cid, {"logements_vacants": value[:100]}).status_code == 302
    assert owner.get(f"/candidatures/{cid}").status_code == 200
    page = owner.get(f"/candidatures/{cid}/dossier")
    assert page.status_code == 200 and value[:100] in page.get_data(as_text=True)
    engineer = app.test_client()
    login(engineer, "ingenieur")
    assert engineer.get(f"/instruction/{cid}").status_code == 200


def test_the_heritage_list_stops_at_its_maximum_and_the_form_still_opens(cand_app):
    from village_avenir.forms.candidature import MAX_PATRIMOINE

    app, ids = cand_app
    owner = app.test_client()
    login(owner, "commune")
    cid = ids["commune"]
    items = {f"patrimoine-{i}-nom": f"Site {i}" for i in range(MAX_PATRIMOINE)}
    resp = post_dossier(owner, cid, items, action="ajouter_patrimoine", follow=True)
    assert resp.status_code == 200 and "le maximum" in resp.get_data(as_text=True)
    page = owner.get(f"/candidatures/{cid}/dossier")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and f"Site {MAX_PATRIMOINE - 1}" in html
    assert f'name="patrimoine-{MAX_PATRIMOINE}-nom"' not in html


def test_weights_must_be_finite_numbers_with_a_french_message(users_app):
    client = users_app.test_client()
    login(client, "ingenieur")
    html = client.get("/diagnostic/ponderation").get_data(as_text=True)
    import re

    fields = dict(re.findall(r'name="([^"]+)"[^>]*value="([^"]*)"', html))
    assert "d_services" in fields
    for bad in ("", "inf", "1e308", "abc"):
        data = {**fields, "d_services": bad, "action": "apercu", "motif": "essai"}
        resp = client.post("/diagnostic/ponderation", data=data)
        text = resp.get_data(as_text=True)
        assert resp.status_code == 400, bad
        assert "could not convert" not in text and "Services" in text, bad


def test_deeply_nested_geojson_is_refused_in_french():
    from village_avenir.domain.placement import PlacementInvalide, from_geojson_text

    with pytest.raises(PlacementInvalide, match="imbrication"):
        from_geojson_text("[" * 30000 + "]" * 30000)


def test_safety_headers_on_every_response(client):
    for path in ("/communes", "/api/communes/46001", "/nulle-part"):
        resp = client.get(path)
        assert resp.headers["X-Frame-Options"] == "DENY"
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    "path",
    ["/api/communes?q=a%00b", "/api/communes/46%0001", "/communes/4600%00", "/carte?epci=%00"],
)
def test_a_nul_character_in_a_url_is_refused_in_french(client, path):
    """Found by the schema fuzz: PostgreSQL refuses NUL in text (a 500 before the fix)."""
    resp = client.get(path)
    assert resp.status_code == 400
    assert "caractère nul" in resp.get_data(as_text=True)


def test_a_nul_character_in_a_form_is_refused_and_nothing_is_saved(cand_app):
    from sqlmodel import Session

    from village_avenir.models import Candidature

    app, ids = cand_app
    owner = app.test_client()
    login(owner, "commune")
    cid = ids["commune"]
    engine = app.extensions["village_avenir.engine"]
    with Session(engine) as s:
        before = s.get(Candidature, cid).contenu
    resp = post_dossier(owner, cid, {"projet_titre": "Lavoir\x00 restauré"})
    assert resp.status_code == 400 and "caractère nul" in resp.get_data(as_text=True)
    with Session(engine) as s:
        assert s.get(Candidature, cid).contenu == before
    assert post_dossier(owner, cid, {"projet_titre": "Lavoir restauré"}).status_code == 302


def test_a_huge_integer_in_a_plan_form_is_refused_in_french(users_app):
    """Found by the form fuzz: WTForms' NumberRange overflowed on a 400-digit number (500)."""
    client = users_app.test_client()
    login(client, "ingenieur")
    token = csrf_token(client, "/communes/46001/plan/proposer")
    resp = client.post(
        "/communes/46001/plan/proposer",
        data={"csrf_token": token, "version": "0", "source": "Visite", "b_commerce": "9" * 400},
    )
    assert resp.status_code == 400
    assert "Nombre trop grand" in resp.get_data(as_text=True)


@pytest.mark.parametrize(
    ("sent", "kept"),
    [("../../x.pdf", "x.pdf"), ("/etc/passwd", "passwd.pdf"), ("dé\x01lib\u202e.pdf", "délib.pdf")],
)
def test_an_upload_name_never_becomes_a_path(cand_app, sent, kept):
    """Path tricks and control characters in an upload's name: only a clean base name is kept,
    the file itself is stored under a random name inside PIECES_DIR."""
    import io
    from pathlib import Path

    from sqlmodel import Session

    from tests.web.conftest import PDF
    from village_avenir.models import Candidature

    app, ids = cand_app
    owner = app.test_client()
    login(owner, "commune")
    files = {"deliberation": (io.BytesIO(PDF), sent)}
    assert post_dossier(owner, ids["commune"], {}, files=files).status_code == 302
    with Session(app.extensions["village_avenir.engine"]) as s:
        cand = s.get(Candidature, ids["commune"])
    assert cand.deliberation_nom == kept
    stored = Path(app.config["PIECES_DIR"]) / cand.deliberation_fichier
    assert stored.read_bytes() == PDF and stored.parent == Path(app.config["PIECES_DIR"])
