"""Eligibility at a date, with the dated list each rules version reads (issue 11).

46138 Cœur de Causse was in the Petites villes de demain list of January 2021 and is not in
the list of COG 2023: the 2021 rules exclude it, the current rules do not.
"""

import re


def test_api_of_46138_says_what_each_list_gives(client):
    body = client.get("/api/communes/46138").json
    assert body["eligibilite"]["statut"] == "eligible"
    assert body["eligibilite"]["au"]  # judged at a stated date
    assert {x["code"] for x in body["eligibilite"]["listes"]} >= {"pvd-cog2023"}
    versions = {v["regles_version"]: v for v in body["selon_versions"]}
    v2021, v2023 = versions["2021-01"], versions["2023-01"]
    assert v2021["statut"] == "non_eligible" and v2021["au"] == "2021-02-15"
    assert "pvd-2021-01" in {x["code"] for x in v2021["listes"]}
    assert any("Petites villes de demain" in r and "janvier 2021" in r for r in v2021["raisons"])
    assert v2023["statut"] == "eligible"


def test_vayrac_is_excluded_by_both_versions_for_different_reasons(client):
    versions = {
        v["regles_version"]: v for v in client.get("/api/communes/46330").json["selon_versions"]
    }
    assert versions["2021-01"]["statut"] == versions["2023-01"]["statut"] == "non_eligible"
    assert not any("Petites villes" in r for r in versions["2021-01"]["raisons"])
    assert any("Petites villes" in r for r in versions["2023-01"]["raisons"])


def test_sheet_of_46138_shows_both_versions_with_the_reason(client):
    page = client.get("/communes/46138").get_data(as_text=True)
    table = page[page.index('id="selon-versions"') :]
    table = table[: table.index("</table>")]
    assert 'data-differe="oui"' in page
    assert re.search(r'data-version="2021-01" data-statut="non_eligible"', table)
    assert re.search(r'data-version="2023-01" data-statut="eligible"', table)
    assert (
        "au 15/02/2021" in table
        and "Petites villes de demain : liste initiale de janvier 2021" in table
    )
    assert re.search(r"Éligibilité à Village A-Venir au \d\d/\d\d/\d{4}", page)
    listes = page.split("Listes utilisées")[1].split("</p>")[0]
    assert "« Petites villes de demain » : liste ANCT au code officiel géographique 2023" in listes
    assert "janvier 2021" not in listes  # the current rules do not read the 2021 list


def test_public_sheets_show_no_idem_and_no_blank_date(client):
    """Every membership-based criterion shows its date or « date inconnue »."""
    for code in ("46225", "46185", "46064", "46015"):
        page = client.get(f"/communes/{code}").get_data(as_text=True)
        assert "Idem" not in page
        assert not re.search(
            r"</a>\s*</td>", page
        )  # a source always has its date or « date inconnue »
    assert "date inconnue" in client.get("/communes/46064").get_data(as_text=True)


def test_eligible_headline_carries_the_partial_list_caveat(client):
    page = client.get("/communes/46001").get_data(as_text=True)
    assert "Éligible sous réserve" in page and "25 communes connues sur 33" in page
    assert client.get("/api/communes/46001").json["eligibilite"]["reserves"]
    assert "Éligible sous réserve" not in client.get("/communes/46042").get_data(as_text=True)


def test_sheet_states_the_reading_of_ne_peuvent_pretendre(client):
    page = client.get("/communes/46001").get_data(as_text=True)
    assert "« Ne peuvent prétendre » est lu ainsi" in page


def test_villages_d_avenir_is_information_with_source_and_date(client):
    body = client.get("/api/communes/46040").json  # Cabrerets, Villages d'avenir
    assert body["eligibilite"]["statut"] == "eligible"
    (info,) = body["eligibilite"]["informations"]
    assert info["programme"] == "va" and info["date_source"] == "2023-12"
    page = client.get("/communes/46040").get_data(as_text=True)
    assert "Pour information : « Villages d&#39;avenir »" in page and "va-46-04" in page


def test_villages_d_avenir_map_colouring_and_export(client):
    csv_text = client.get("/carte/communes.csv?couleur=villages_avenir").get_data(as_text=True)
    lines = [line for line in csv_text.splitlines() if "Lauréate Villages d'avenir" in line]
    assert len(lines) == 20
    assert any(line.startswith("46040") or ",46040," in line for line in lines)
    page = client.get("/carte?couleur=villages_avenir").get_data(as_text=True)
    assert "Villages d&#39;avenir (État, information)" in page


def test_a_campaign_with_the_2021_rules_treats_46138_as_the_2021_list_says(app):
    from village_avenir.models import Campagne
    from village_avenir.views.candidatures.common import eligibility_of

    with app.test_request_context():
        _, statut_2021, raisons = eligibility_of("46138", Campagne(regles_version="2021-01"))
        _, statut_now, _ = eligibility_of("46138", Campagne(regles_version="2023-01"))
        _, statut_default, _ = eligibility_of("46138")
    assert statut_2021 == "non_eligible"
    assert any("initiale de janvier 2021" in r for r in raisons)
    assert statut_now == statut_default == "eligible"


def test_the_admin_offers_every_rules_version_for_a_campaign(users_app):
    from tests.conftest import login

    client = users_app.test_client()
    login(client, "admin")
    page = client.get("/admin").get_data(as_text=True)
    assert 'value="2021-01"' in page and 'value="2023-01"' in page
    assert "au 15/02/2021" in page


def test_headline_of_46138_says_the_result_depends_on_the_list(client):
    page = client.get("/communes/46138").get_data(as_text=True)
    assert "non éligible selon les règles version 2021-01 (au 15/02/2021)" in page
    assert "data-differe>" not in client.get("/communes/46001").get_data(as_text=True)


# --- Proofs at their date (issue 24, item 9) ----------------------------------------------


def test_luzech_prayssac_puy_leveque_at_15_02_2021_cite_no_evidence_of_2022(client):
    for code in ("46182", "46225", "46231"):
        body = client.get(f"/api/communes/{code}").json
        versions = {v["regles_version"]: v for v in body["selon_versions"]}
        v2021 = versions["2021-01"]
        assert v2021["statut"] == "non_eligible"  # Petites villes de demain, January 2021
        assert not any("2022" in r for r in v2021["raisons"]), (code, v2021["raisons"])
        # today the article of 27/01/2022 is cited as it should be
        today = next(c for c in body["eligibilite"]["criteres"] if c["code"] == "hors_bco")
        assert today["date_source"] == "2022-01-27"


def test_pern_lhospitalet_says_it_did_not_exist_at_the_2021_and_2024_dates(client):
    body = client.get("/api/communes/46172").json
    versions = {v["regles_version"]: v for v in body["selon_versions"]}
    for code, au in (("2021-01", "15/02/2021"), ("2024-01", "21/12/2023")):
        assert versions[code]["statut"] == "inexistante"
        assert versions[code]["statut_libelle"] == "Commune pas encore créée"
        assert any(
            f"n'existait pas au {au} : elle a été créée le 01/01/2025" in r
            for r in versions[code]["raisons"]
        )
    assert versions["2023-01"]["statut"] != "inexistante"  # judged today
    page = client.get("/communes/46172").get_data(as_text=True)
    assert 'data-version="2021-01" data-statut="inexistante"' in page
    assert "Commune pas encore créée" in page


def test_the_2024_session_version_is_offered_and_judges_at_its_date(client):
    versions = {
        v["regles_version"]: v for v in client.get("/api/communes/46001").json["selon_versions"]
    }
    assert versions["2024-01"]["au"] == "2023-12-21"
    assert client.get("/api/communes/46001").json["eligibilite"]["regles_version"] == "2023-01"
