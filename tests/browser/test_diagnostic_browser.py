"""The diagnostic in a real browser: an engineer overrides a score with a reason and
previews new weights before saving them."""

from village_avenir.db import get_session
from village_avenir.services.comptes.utilisateurs import create_user

EMAIL, PASSWORD = "ingenieur.navigateur@lot.test", "mot-de-passe-navigateur"


def test_engineer_overrides_and_previews_weights(page, live_app, artefacts):
    app, base = live_app
    with app.app_context():
        create_user(
            get_session(),
            email=EMAIL,
            nom="Ingénieure",
            role="ingenieur",
            password=PASSWORD,
            qui="tests",
        )
    page.goto(f"{base}/connexion")
    page.fill("#email", EMAIL)
    page.fill("#mot_de_passe", PASSWORD)
    page.click("form button[type=submit]")
    page.goto(f"{base}/communes/46001")
    section = page.locator("#diagnostic")
    assert section.locator("[data-domaine=services] [data-score]").inner_text().endswith("/ 100")
    assert section.locator("[data-domaine=patrimoine] [data-score]").inner_text() == "à évaluer"
    page.select_option("#adj-domaine", "services")
    page.fill("#adj-valeur", "85")
    page.fill("#adj-motif", "Visite : fermeture de la dernière épicerie")
    page.get_by_role("button", name="Ajuster", exact=True).click()
    assert (
        page.locator("#diagnostic [data-domaine=services] [data-score]").inner_text() == "85 / 100"
    )
    assert page.locator("#diagnostic [data-domaine=services] [data-score-calcule]").count() == 1
    page.screenshot(path=str(artefacts / "diagnostic-albas.png"), full_page=True)
    page.goto(f"{base}/diagnostic/ponderation")
    page.fill("#i_residences_secondaires", "1")
    page.get_by_role("button", name="Prévisualiser le classement").click()
    assert page.locator("table.apercu tbody tr").count() == 40
    page.fill("#motif", "Résidences secondaires à poids plein")
    page.get_by_role("button", name="Enregistrer cette pondération").click()
    assert "Pondération n° 1 enregistrée" in page.content()
    page.goto(f"{base}/diagnostic/classement")
    assert page.locator("table.classement tbody tr").count() > 200


def test_coverage_and_vintage_on_the_ranking_a_need_map_and_a_sheet(page, live_app, artefacts):
    """Walk the ranking, the global need map (and its table) and a sheet: wherever a score
    appears, its coverage and the data vintage (not the computation date) appear too."""
    app, base = live_app
    email = "ingenieur.couverture@lot.test"
    with app.app_context():
        create_user(
            get_session(), email=email, nom="Ing", role="ingenieur", password=PASSWORD, qui="t"
        )
    page.goto(f"{base}/connexion")
    page.fill("#email", email)
    page.fill("#mot_de_passe", PASSWORD)
    page.click("form button[type=submit]")

    page.goto(f"{base}/diagnostic/classement")
    first = page.locator("table.classement tbody tr").first
    assert "%" in first.locator("[data-couverture]").inner_text()
    assert "2022" in first.locator("[data-millesimes]").inner_text()
    rank = first.locator("td").first.inner_text()  # « 1 / 286 »
    assert rank.startswith("1 / ")
    assert "relatifs aux communes du département" in page.locator("[data-regles]").inner_text()
    assert "aucun besoin" not in page.content()
    code = first.get_attribute("data-code")

    page.goto(f"{base}/carte?couleur=besoin_global")
    html = page.content()
    assert "relatif" in html and "aucun besoin" not in html
    page.goto(f"{base}/carte/tableau?couleur=besoin_global")
    table = page.locator("table").first.inner_text()
    assert "couverture" in table and "2016–2024" in page.content()  # vintage, not 2026

    page.goto(f"{base}/communes/{code}")
    section = page.locator("#diagnostic")
    assert section.locator("[data-couverture]").inner_text().endswith("%")
    assert "2022" in section.locator("[data-millesimes]").inner_text()
    total = rank.split("/ ")[1]
    assert f"rang 1 sur {total} communes éligibles ou à vérifier" in section.inner_text()
    assert "secret statistique" in page.content() or "Revenu disponible" in section.inner_text()
    page.screenshot(path=str(artefacts / "diagnostic-couverture.png"), full_page=True)
