"""Names with their article and the population's release, on the pages people read."""

from tests.data.test_shipped_data import WITH_ARTICLE


def test_sheet_and_api_name_the_commune_with_its_article(client):
    for code, nom in WITH_ARTICLE.items():
        assert client.get(f"/api/communes/{code}").json["nom"] == nom
    page = client.get("/communes/46232").get_data(as_text=True)
    assert "<h1>Le Vignon-en-Quercy" in page


def test_sheet_says_which_population_release(client):
    page = client.get("/communes/46001").get_data(as_text=True)
    assert "populations légales millésime 2023" in page
    pop = client.get("/api/communes/46001").json["population"]
    assert pop["annee"] == "2023" and "INSEE" in pop["source"]


def test_search_finds_and_sorts_ignoring_the_article(client):
    page = client.get("/communes?q=bourg").get_data(as_text=True)
    assert "Le Bourg" in page
    names = [c["nom"] for c in client.get("/api/communes").json["communes"]]
    # The article does not count in the order: « Les Arques » at A, « Le Bourg » at B.
    assert names.index("Arcambal") < names.index("Les Arques") < names.index("Assier")
    assert names.index("Boissières") < names.index("Le Bourg") < names.index("Boussac")
