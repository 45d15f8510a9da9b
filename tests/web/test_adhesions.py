"""Engineers confirm, add and withdraw memberships, with a reason; eligibility follows."""

import html
import re

import pytest
from sqlmodel import Session, select

from tests.conftest import csrf_token, login
from village_avenir.models import Adhesion, Journal


def statut(client, code):
    return client.get(f"/api/communes/{code}").json["eligibilite"]["statut"]


def adhesion_id(app, code, programme):
    with Session(app.extensions["village_avenir.engine"]) as s:
        return s.exec(
            select(Adhesion.id).where(Adhesion.code_insee == code, Adhesion.programme == programme)
        ).first()


def journal(app, code):
    with Session(app.extensions["village_avenir.engine"]) as s:
        return s.exec(select(Journal).where(Journal.code_insee == code).order_by(Journal.id)).all()


@pytest.mark.parametrize(
    ("who", "expected"), [(None, 302), ("commune", 403), ("ingenieur", 200), ("admin", 200)]
)
def test_page_permissions(users_app, who, expected):
    client = users_app.test_client()
    if who:
        login(client, who)
    resp = client.get("/communes/46015/adhesions")
    assert resp.status_code == expected
    if expected == 302:
        assert "/connexion" in resp.headers["Location"]


@pytest.mark.parametrize("who", [None, "commune"])
def test_posts_refused_to_non_engineers(users_app, who):
    client = users_app.test_client()
    if who:
        login(client, who)
    ident = adhesion_id(users_app, "46015", "bco")
    token = csrf_token(client, "/connexion") if not who else csrf_token(client, "/communes")
    resp = client.post(
        f"/communes/46015/adhesions/{ident}/confirmer",
        data={"motif": "tentative", "csrf_token": token},
    )
    assert resp.status_code in (302, 403)
    assert statut(client, "46015") == "a_verifier"


def test_confirming_a_doubtful_membership_excludes_the_commune(users_app):
    client = users_app.test_client()
    login(client, "ingenieur")
    assert statut(client, "46015") == "a_verifier"  # Bagnac-sur-Célé, medium evidence
    ident = adhesion_id(users_app, "46015", "bco")
    token = csrf_token(client, "/communes/46015/adhesions")
    resp = client.post(
        f"/communes/46015/adhesions/{ident}/confirmer",
        data={"motif": "Contrat signé vu en mairie", "csrf_token": token},
    )
    assert resp.status_code == 302
    assert statut(client, "46015") == "non_eligible"
    last = journal(users_app, "46015")[-1]
    assert last.action == "saisie:confirmation" and last.qui == "ingenieur@lot.test"
    assert '"medium_contract_listed"' in last.avant and '"confirme"' in last.apres
    assert last.motif == "Contrat signé vu en mairie"


def test_withdrawing_makes_the_commune_eligible_and_keeps_the_row(users_app):
    client = users_app.test_client()
    login(client, "ingenieur")
    ident = adhesion_id(users_app, "46215", "bco")  # Payrac, weak evidence only
    token = csrf_token(client, "/communes/46215/adhesions")
    client.post(
        f"/communes/46215/adhesions/{ident}/retirer",
        data={"motif": "La CC confirme l'absence de contrat", "csrf_token": token},
    )
    assert statut(client, "46215") == "eligible"
    page = client.get("/communes/46215/adhesions").get_data(as_text=True)
    assert "Retirée" in page and "absence de contrat" in page


def test_missing_reason_changes_nothing(users_app):
    client = users_app.test_client()
    login(client, "ingenieur")
    ident = adhesion_id(users_app, "46015", "bco")
    before = len(journal(users_app, "46015"))
    token = csrf_token(client, "/communes/46015/adhesions")
    resp = client.post(
        f"/communes/46015/adhesions/{ident}/retirer", data={"motif": "", "csrf_token": token}
    )
    assert resp.status_code == 400 and "Rien n'a été modifié" in html.unescape(
        resp.get_data(as_text=True)
    )
    assert statut(client, "46015") == "a_verifier"
    assert len(journal(users_app, "46015")) == before


def test_missing_csrf_token_is_refused(users_app):
    client = users_app.test_client()
    login(client, "ingenieur")
    ident = adhesion_id(users_app, "46015", "bco")
    resp = client.post(
        f"/communes/46015/adhesions/{ident}/confirmer", data={"motif": "motif valable"}
    )
    assert resp.status_code == 400
    assert statut(client, "46015") == "a_verifier"


def test_adhesion_of_another_commune_cannot_be_changed_through_this_url(users_app):
    client = users_app.test_client()
    login(client, "ingenieur")
    other = adhesion_id(users_app, "46215", "bco")
    token = csrf_token(client, "/communes/46015/adhesions")
    resp = client.post(
        f"/communes/46015/adhesions/{other}/retirer",
        data={"motif": "mauvaise commune", "csrf_token": token},
    )
    assert resp.status_code == 400 and "introuvable" in resp.get_data(as_text=True)
    assert statut(client, "46215") == "a_verifier"


def test_add_a_membership_with_evidence(users_app):
    client = users_app.test_client()
    login(client, "ingenieur")
    assert statut(client, "46001") == "eligible"
    token = csrf_token(client, "/communes/46001/adhesions")
    data = {
        "programme": "acbmc",
        "niveau_preuve": "officiel",
        "source": "Convention Massif central",
        "source_url": "",
        "date_source": "2022-05",
        "preuve": "",
        "motif": "Convention reçue",
        "csrf_token": token,
    }
    assert client.post("/communes/46001/adhesions", data=data).status_code == 302
    elig = client.get("/api/communes/46001").json["eligibilite"]
    crit = next(c for c in elig["criteres"] if c["code"] == "hors_acbmc")
    assert elig["statut"] == "non_eligible" and crit["source"] == "Convention Massif central"
    # same source twice is refused, nothing duplicated, the form keeps the input
    resp = client.post("/communes/46001/adhesions", data={**data, "csrf_token": token})
    page = resp.get_data(as_text=True)
    assert resp.status_code == 400 and "existe déjà" in page
    assert 'value="Convention Massif central"' in page


def test_bad_form_input_keeps_what_was_typed(users_app):
    client = users_app.test_client()
    login(client, "ingenieur")
    token = csrf_token(client, "/communes/46001/adhesions")
    resp = client.post(
        "/communes/46001/adhesions",
        data={
            "programme": "bco",
            "niveau_preuve": "officiel",
            "source": "Article de presse",
            "source_url": "pas une adresse",
            "date_source": "hier",
            "motif": "Vu dans la presse",
            "csrf_token": token,
        },
    )
    page = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert "Adresse web invalide" in page and "Format attendu" in page
    assert re.search(r'value="Article de presse"', page) and "Vu dans la presse" in page
    assert statut(client, "46001") == "eligible"


def test_engineer_sees_the_link_on_the_sheet_public_does_not(users_app):
    client = users_app.test_client()
    assert "Gérer les adhésions" not in client.get("/communes/46015").get_data(as_text=True)
    login(client, "ingenieur")
    assert "Gérer les adhésions" in client.get("/communes/46015").get_data(as_text=True)


def test_public_history_shows_membership_changes_without_authors(users_app):
    engineer = users_app.test_client()
    login(engineer, "ingenieur")
    ident = adhesion_id(users_app, "46215", "bco")
    token = csrf_token(engineer, "/communes/46215/adhesions")
    engineer.post(
        f"/communes/46215/adhesions/{ident}/retirer",
        data={"motif": "Aucun contrat selon la CC", "csrf_token": token},
    )
    public = users_app.test_client().get("/communes/46215").get_data(as_text=True)
    history = public.split("Historique")[1]
    assert "Saisie : retrait" in history and "Aucun contrat selon la CC" in history
    assert "ingenieur@lot.test" not in public
    staff = engineer.get("/communes/46215").get_data(as_text=True).split("Historique")[1]
    assert "ingenieur@lot.test" in staff


def test_membership_dates_are_recorded_and_checked(users_app):
    client = users_app.test_client()
    login(client, "ingenieur")
    token = csrf_token(client, "/communes/46002/adhesions")
    base = {
        "csrf_token": token,
        "programme": "bco",
        "niveau_preuve": "strong_signed",
        "source": "Contrat Bourg-Centre d'Albiac",
        "motif": "Contrat signé reçu",
    }
    for debut, fin in (("2021-05-01", "2020-01-01"), ("1850-01-01", "")):
        resp = client.post("/communes/46002/adhesions", data={**base, "debut": debut, "fin": fin})
        assert resp.status_code == 400
    assert "comprises entre 1990 et 2100" in resp.get_data(as_text=True)  # the 1850 one
    assert statut(client, "46002") == "eligible"
    ok = client.post("/communes/46002/adhesions", data={**base, "debut": "2019-11-07"})
    assert ok.status_code == 302
    crit = next(
        c
        for c in client.get("/api/communes/46002").json["eligibilite"]["criteres"]
        if c["code"] == "hors_bco"
    )
    assert crit["statut"] == "non_respecte" and "Adhésion depuis le 07/11/2019" in crit["raison"]
    versions = {
        v["regles_version"]: v["statut"]
        for v in client.get("/api/communes/46002").json["selon_versions"]
    }
    assert versions == {
        "2021-01": "non_eligible",
        "2023-01": "non_eligible",
        "2024-01": "non_eligible",
    }
    late = client.post(
        "/communes/46003/adhesions",
        data={
            **base,
            "csrf_token": csrf_token(client, "/communes/46003/adhesions"),
            "debut": "2022-03-01",
        },
    )
    assert late.status_code == 302
    versions = {
        v["regles_version"]: v["statut"]
        for v in client.get("/api/communes/46003").json["selon_versions"]
    }
    assert versions == {
        "2021-01": "eligible",
        "2023-01": "non_eligible",
        "2024-01": "non_eligible",
    }  # started after 15/02/2021
