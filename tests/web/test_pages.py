"""Pages and API: French, bad input gives 400/404 (never 500), sheet and JSON agree."""

import re

import pytest


def test_list_page_in_french_with_312_rows(client):
    resp = client.get("/communes")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and '<html lang="fr">' in html
    assert html.count('<tr data-code="') == 312
    assert "312 communes." in html


def test_home_presents_the_programme(client):
    resp = client.get("/")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "Qui peut candidater ?" in html and 'action="/communes"' in html
    assert 'href="/carte"' in html and "Sur 312 communes du Lot" in html
    for page in ("/mentions-legales", "/accessibilite", "/donnees-personnelles"):
        assert f'href="{page}"' in html and client.get(page).status_code == 200


@pytest.mark.parametrize(("query", "expected"), [("q=cahors", {"46042"}), ("q=46102", {"46102"})])
def test_search_by_name_or_code(client, query, expected):
    html = client.get(f"/communes?{query}").get_data(as_text=True)
    assert set(re.findall(r'<tr data-code="(\d{5})"', html)) == expected


def test_filter_by_epci_and_status(client):
    all_rows = client.get("/api/communes").json["communes"]
    epci = all_rows[0]["epci"]["code"]
    expected = {
        c["code_insee"]
        for c in all_rows
        if c["epci"]["code"] == epci and c["eligibilite"]["statut"] == "eligible"
    }
    html = client.get(f"/communes?epci={epci}&statut=eligible").get_data(as_text=True)
    assert set(re.findall(r'<tr data-code="(\d{5})"', html)) == expected
    assert expected


@pytest.mark.parametrize("code", ["abc", "460", "99999", "46-042", "%20", "2C004"])
def test_malformed_code_gives_400_in_french(client, code):
    page = client.get(f"/communes/{code}")
    assert page.status_code == 400
    assert "code INSEE" in page.get_data(as_text=True)
    api = client.get(f"/api/communes/{code}")
    assert api.status_code == 400
    assert "code INSEE" in api.json["erreur"]["message"]


def test_unknown_code_gives_404_in_french(client):
    page = client.get("/communes/46999")
    assert page.status_code == 404 and "Aucune commune" in page.get_data(as_text=True)
    api = client.get("/api/communes/46999")
    assert api.status_code == 404 and api.json["erreur"]["code"] == 404


def test_unknown_page_is_a_french_404(client):
    resp = client.get("/nulle-part")
    assert resp.status_code == 404 and "Page introuvable" in resp.get_data(as_text=True)


def test_commune_deleguee_code_resolves_with_a_note(client):
    api = client.get("/api/communes/46217").json
    assert api["code_insee"] == "46172"
    assert api["demande"]["code_insee"] == "46217" and "Pern" in api["demande"]["note"]
    assert any("Pern" in n for n in api["eligibilite"]["notes"])
    page = client.get("/communes/46217").get_data(as_text=True)
    assert "Pern-Lhospitalet" in page and "commune déléguée" in page


def _sheet_criteria(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<tr data-critere="([a-z_]+)" data-statut="([a-z_]+)">', html)


def test_sheet_and_json_agree_for_every_commune(client):
    communes = client.get("/api/communes").json["communes"]
    assert len(communes) == 312
    for c in communes:
        code = c["code_insee"]
        one = client.get(f"/api/communes/{code}").json
        assert one["eligibilite"] == c["eligibilite"], code
        html = client.get(f"/communes/{code}").get_data(as_text=True)
        statut = re.search(r'id="eligibilite" data-statut="([a-z_]+)"', html).group(1)
        assert statut == c["eligibilite"]["statut"], code
        assert _sheet_criteria(html) == [
            (k["code"], k["statut"]) for k in c["eligibilite"]["criteres"]
        ], code
        assert c["eligibilite"]["statut_libelle"] in html


def test_every_failing_criterion_names_its_source(client):
    for c in client.get("/api/communes").json["communes"]:
        for k in c["eligibilite"]["criteres"]:
            if k["statut"] != "respecte":
                assert k["source"] and k["niveau_preuve"] and k["raison"], (c["code_insee"], k)


def test_unknown_status_filter_is_a_french_400(client):
    resp = client.get("/communes?statut=zzz")
    assert resp.status_code == 400 and "Statut inconnu" in resp.get_data(as_text=True)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("st cirgues", "46255"),
        ("St-Cirgues", "46255"),
        ("saint cirgues", "46255"),
        ("saint-cere", "46251"),
        ("beduer", "46021"),
        ("SAINT CÉRÉ", "46251"),
    ],
)
def test_search_forgives_accents_case_hyphens_and_st(client, q, expected):
    html = client.get("/communes", query_string={"q": q}).get_data(as_text=True)
    assert re.findall(r'<tr data-code="(\d{5})"', html) == [expected]
    api = client.get("/api/communes", query_string={"q": q}).json
    assert [c["code_insee"] for c in api["communes"]] == [expected]


def test_api_limite_keeps_the_total(client):
    full = client.get("/api/communes?q=saint").json
    short = client.get("/api/communes?q=saint&limite=3").json
    assert short["total"] == full["total"] > 3
    assert short["communes"] == full["communes"][:3]
    assert full["communes"][0]["nom"].startswith("Saint")  # names starting with the query first
    for bad in ("0", "101", "abc", "2.5", "-1"):
        resp = client.get(f"/api/communes?limite={bad}")
        assert resp.status_code == 400 and "limite" in resp.json["erreur"]["message"]
