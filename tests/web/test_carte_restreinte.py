"""Need-score and application colourings: wired to the diagnosis and the applications, and
shown only to Département staff (the map page itself stays public)."""

import csv
import io

import pytest

from tests.conftest import login
from tests.web.conftest import COMPLETE, PDF, post_dossier
from village_avenir.db import get_session
from village_avenir.services.diagnostic import latest_scores

RESTRICTED = [
    "besoin_global",
    "besoin_patrimoine",
    "besoin_logement",
    "besoin_services",
    "candidature",
]


def rows(client, couleur):
    resp = client.get(f"/carte/communes.csv?couleur={couleur}")
    assert resp.status_code == 200
    text = resp.get_data(as_text=True).lstrip("\ufeff")
    return {r["code_insee"]: r for r in csv.DictReader(io.StringIO(text), delimiter=";")}


@pytest.mark.parametrize("couleur", RESTRICTED)
def test_restricted_colourings_are_not_public(users_app, couleur):
    anon = users_app.test_client()
    assert f'value="{couleur}"' not in anon.get("/carte").get_data(as_text=True)
    resp = anon.get(f"/carte?couleur={couleur}")
    assert resp.status_code == 302 and "/connexion" in resp.headers["Location"]
    assert anon.get(f"/carte/communes.csv?couleur={couleur}").status_code == 302
    commune = users_app.test_client()
    login(commune, "commune")
    assert commune.get(f"/carte/tableau?couleur={couleur}").status_code == 403
    engineer = users_app.test_client()
    login(engineer, "ingenieur")
    assert f'value="{couleur}"' in engineer.get("/carte").get_data(as_text=True)
    assert engineer.get(f"/carte?couleur={couleur}").status_code == 200


def test_need_score_colouring_shows_the_diagnosis_scores(diag_users_app):
    # the town-hall hours (undated) are no longer scored: the shipped figures give the scores
    engineer = diag_users_app.test_client()
    login(engineer, "ingenieur")
    with diag_users_app.app_context():
        scores = latest_scores(get_session())
    table = rows(engineer, "besoin_services")
    with_score = [c for c, s in scores.items() if s.domaines.get("services") is not None]
    assert with_score, "le diagnostic doit donner un score de services avec les données livrées"
    for code in with_score[:20]:
        expected = scores[code].domaines["services"]
        shown = float(table[code]["valeur"].replace("\u202f", "").replace(",", "."))
        assert shown == pytest.approx(expected, abs=0.5), code
    assert "Diagnostic Village A-Venir" in table[with_score[0]]["source"]


def test_application_colouring_follows_the_application_state(cand_app):
    app, ids = cand_app
    engineer = app.test_client()
    login(engineer, "ingenieur")
    table = rows(engineer, "candidature")
    assert (table["46001"]["valeur"], table["46001"]["libelle"]) == ("brouillon", "Brouillon")
    assert table["46042"]["valeur"] == ""  # Cahors: no application
    owner = app.test_client()
    login(owner, "commune")
    files = {"deliberation": (io.BytesIO(PDF), "deliberation.pdf")}
    resp = post_dossier(owner, ids["commune"], COMPLETE, action="deposer", files=files)
    assert resp.status_code == 302
    assert rows(engineer, "candidature")["46001"]["libelle"] == "Déposée"
