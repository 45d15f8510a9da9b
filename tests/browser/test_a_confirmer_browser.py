"""An engineer settles one doubtful membership from the queue, end to end, in a browser."""

from village_avenir.db import get_session
from village_avenir.services.comptes.utilisateurs import create_user

EMAIL, PASSWORD = "ingenieure.file@lot.test", "mot-de-passe-de-la-file"


def test_engineer_settles_one_commune_from_the_queue(page, live_app, artefacts):
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
    page.goto(f"{base}/communes/46311")
    assert page.locator("#eligibilite").get_attribute("data-statut") == "a_verifier"
    page.click("text=File des adhésions à confirmer")
    # 5 unsourced memberships + 3 exclusions resting on one undated press item (issue 24 n° 9)
    assert page.locator("section.a-confirmer").count() == 8
    item = page.locator("section[data-commune='46311']")
    assert "Pour trancher" in item.inner_text()
    form = item.locator("form", has=page.get_by_role("button", name="Confirmer"))
    form.locator("input[name=motif]").fill("Contrat Bourg-Centre signé en 2019")
    form.locator("input[name=source]").fill("Délibération du conseil municipal du 3/10/2019")
    form.get_by_role("button", name="Confirmer").click()
    assert "confirmée (la commune est exclue)" in page.content()
    assert page.locator("section.a-confirmer").count() == 7
    assert page.locator("section[data-commune='46311']").count() == 0
    page.screenshot(path=str(artefacts / "file-a-confirmer.png"), full_page=True)
    page.goto(f"{base}/communes/46311")
    assert page.locator("#eligibilite").get_attribute("data-statut") == "non_eligible"
    assert "Délibération du conseil municipal du 3/10/2019" in page.content()
