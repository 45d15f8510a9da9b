"""The engineers' queue of memberships to settle (issue 11, item 5)."""

import pytest
from sqlmodel import Session, select

from tests.conftest import csrf_token, login
from village_avenir.models import Adhesion, Journal

# The Lot communes « à vérifier » (doubtful Bourgs-centres evidence, no certain exclusion):
# five on medium or weak evidence, and Catus, Pradines and Saint Géry-Vers whose signed
# contract rests on one undated blog article (issue 24).
UNDATED = {"46064", "46224", "46268"}
A_VERIFIER = {"46009", "46015", "46176", "46215", "46311"} | UNDATED


def engine(app):
    return app.extensions["village_avenir.engine"]


def queue_codes(client) -> set[str]:
    page = client.get("/adhesions/a-confirmer")
    assert page.status_code == 200
    import re

    return set(re.findall(r'data-commune="(\d{5})"', page.get_data(as_text=True)))


def test_the_queue_lists_the_eight_communes_with_what_would_settle_them(users_app):
    client = users_app.test_client()
    login(client, "ingenieur")
    assert {
        c["code_insee"]
        for c in client.get("/api/communes").json["communes"]
        if c["eligibilite"]["statut"] == "a_verifier"
    } == A_VERIFIER
    assert queue_codes(client) == A_VERIFIER
    page = client.get("/adhesions/a-confirmer").get_data(as_text=True)
    assert page.count("Pour trancher :") == 8
    assert "contrat Bourg-Centre" in page
    assert page.count("(source non datée)") == 3 and "Dater l&#39;adhésion" in page


def test_confirming_an_undated_press_item_excludes_the_commune(users_app):
    client = users_app.test_client()
    login(client, "ingenieur")
    with Session(engine(users_app)) as s:
        ident = s.exec(
            select(Adhesion.id).where(Adhesion.code_insee == "46064", Adhesion.programme == "bco")
        ).one()
    done = client.post(
        f"/adhesions/{ident}/confirmer",
        data={
            "csrf_token": csrf_token(client, "/adhesions/a-confirmer"),
            "motif": "Contrat Bourg-Centre signé, délibération reçue",
            "source": "Délibération de la commune de Catus",
        },
    )
    assert done.status_code == 302
    assert "46064" not in queue_codes(client)
    assert client.get("/api/communes/46064").json["eligibilite"]["statut"] == "non_eligible"


@pytest.mark.parametrize("who", [None, "commune"])
def test_the_queue_is_for_the_departement_only(users_app, who):
    client = users_app.test_client()
    if who:
        login(client, who)
    assert client.get("/adhesions/a-confirmer").status_code in (302, 403)


def test_clearing_needs_a_reason_and_a_source_and_is_journaled(users_app):
    client = users_app.test_client()
    login(client, "ingenieur")
    with Session(engine(users_app)) as s:
        ident = s.exec(
            select(Adhesion.id).where(Adhesion.code_insee == "46215", Adhesion.programme == "bco")
        ).one()
    token = csrf_token(client, "/adhesions/a-confirmer")
    refused = client.post(
        f"/adhesions/{ident}/ecarter", data={"csrf_token": token, "motif": "Pas de contrat"}
    )
    assert refused.status_code == 400 and "46215" in queue_codes(client)
    done = client.post(
        f"/adhesions/{ident}/ecarter",
        data={
            "csrf_token": token,
            "motif": "La Région confirme : aucun contrat Bourg-Centre",
            "source": "Courriel de la Région Occitanie du 12/11/2026",
        },
    )
    assert done.status_code == 302
    assert "46215" not in queue_codes(client)
    assert client.get("/api/communes/46215").json["eligibilite"]["statut"] == "eligible"
    with Session(engine(users_app)) as s:
        entry = s.exec(
            select(Journal).where(Journal.code_insee == "46215").order_by(Journal.id.desc())
        ).first()
    assert entry.action == "saisie:retrait" and "Région Occitanie du 12/11/2026" in entry.motif


def test_an_engineer_marks_a_commune_that_could_claim_a_scheme(users_app):
    client = users_app.test_client()
    login(client, "ingenieur")
    token = csrf_token(client, "/communes/46001/adhesions")
    resp = client.post(
        "/communes/46001/adhesions",
        data={
            "csrf_token": token,
            "programme": "pvd",
            "niveau_preuve": "pourrait_pretendre",
            "source": "Réunion avec la sous-préfecture",
            "preuve": "Pôle de services de son bassin de vie",
            "motif": "Pourrait être candidate à PVD",
        },
    )
    assert resp.status_code == 302
    elig = client.get("/api/communes/46001").json["eligibilite"]
    crit = next(c for c in elig["criteres"] if c["code"] == "hors_pvd")
    assert elig["statut"] == "a_verifier" and "pourrait prétendre" in crit["raison"]
    assert "Pôle de services" in crit["raison"]
    assert "46001" in queue_codes(client)


def test_ranking_shows_villages_d_avenir_as_a_column(users_app):
    client = users_app.test_client()
    login(client, "ingenieur")
    page = client.get("/diagnostic/classement").get_data(as_text=True)
    assert "Villages d&#39;avenir (État)" in page or "Villages d'avenir (État)" in page
    import re

    oui = set(re.findall(r'data-code="(\d{5})">(?:(?!</tr>).)*data-va="oui"', page, re.S))
    assert "46040" in oui and "46001" not in oui


def test_ranking_export_has_a_villages_d_avenir_column(users_app):
    client = users_app.test_client()
    login(client, "ingenieur")
    text = client.get("/diagnostic/classement.csv").get_data(as_text=True).lstrip("\ufeff")
    lines = [line.split(";") for line in text.splitlines()]
    col, code = lines[0].index("villages_avenir"), lines[0].index("code_insee")
    by_code = {row[code]: row[col] for row in lines[1:]}
    assert by_code["46040"] == "oui" and by_code["46001"] == "non"
