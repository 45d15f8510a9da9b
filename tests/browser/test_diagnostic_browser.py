"""The diagnostic in a real browser: an engineer overrides a score with a reason and
previews new weights before saving them."""

from village_avenir.db import get_session
from village_avenir.services.comptes import create_user

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
    assert "non renseigné" in section.locator("[data-domaine=logement] [data-score]").inner_text()
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
    page.fill("#i_heures_mairie", "0")
    page.get_by_role("button", name="Prévisualiser le classement").click()
    assert page.locator("table.apercu tbody tr").count() == 40
    page.fill("#motif", "Heures d'ouverture de la mairie retirées")
    page.get_by_role("button", name="Enregistrer cette pondération").click()
    assert "Pondération n° 1 enregistrée" in page.content()
    page.goto(f"{base}/diagnostic/classement")
    assert page.locator("table.classement tbody tr").count() > 200
