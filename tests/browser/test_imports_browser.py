"""Loading an official file from the browser: progress while sending, preview in place,
confirmation; a malformed file refused with its line number."""

from village_avenir.db import get_session
from village_avenir.services.comptes.utilisateurs import create_user

EMAIL, PASSWORD = "ingenieur.imports@lot.test", "mot-de-passe-imports"


def test_upload_preview_confirm(page, live_app, tmp_path):
    app, base = live_app
    with app.app_context():
        create_user(
            get_session(), email=EMAIL, nom="Ing", role="ingenieur", password=PASSWORD, qui="tests"
        )
    page.goto(f"{base}/connexion")
    page.fill("#email", EMAIL)
    page.fill("#mot_de_passe", PASSWORD)
    with page.expect_navigation():  # logged in before the next page is asked for
        page.click("form button[type=submit]")
    bad = tmp_path / "mauvais.csv"
    bad.write_text("CODGEO;P22_LOG;P22_LOGVAC\n46001;422;66\n46002;quarante;2\n", encoding="utf-8")
    page.goto(f"{base}/diagnostic/imports")
    page.select_option("#format", "insee-logement")
    page.set_input_files("#fichier", str(bad))
    page.get_by_role("button", name="Lire le fichier et voir l'aperçu").click()
    page.wait_for_selector("#import-erreur")
    assert "Ligne 3" in page.locator("#import-erreur").inner_text()

    good = tmp_path / "logement.csv"
    good.write_text("CODGEO;P22_LOG;P22_LOGVAC\n46001;430;70\n99001;10;1\n", encoding="utf-8")
    page.select_option("#format", "insee-logement")
    page.set_input_files("#fichier", str(good))
    page.get_by_role("button", name="Lire le fichier et voir l'aperçu").click()
    page.wait_for_selector("#apercu-import")
    apercu = page.locator("#apercu-import").inner_text()
    assert "2 lignes lues" in apercu and "1 ligne rejetée" in apercu
    assert "ligne 3 (99001)" in apercu
    page.get_by_role("button", name="Confirmer l'import").click()
    # The confirmation is a full page load: wait for its message rather than read too early.
    page.get_by_text("« logement.csv » importé").first.wait_for()
