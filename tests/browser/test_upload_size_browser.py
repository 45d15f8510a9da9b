"""A too-large deliberation is refused in the browser before sending, and the typed draft
stays (a request over the server's global limit would otherwise lose it)."""

from datetime import date, timedelta

from village_avenir.db import get_session
from village_avenir.services import campagnes
from village_avenir.services.candidatures.dossiers import open_campaign
from village_avenir.services.comptes.utilisateurs import create_user

EMAIL, MDP = "taille-maire@arcambal.test", "mot-de-passe-long"


def test_too_large_file_is_refused_before_sending_and_the_draft_is_kept(page, live_app):
    app, base = live_app
    with app.app_context():
        session = get_session()
        create_user(
            session,
            email=EMAIL,
            nom="Maire d'Arcambal",
            role="commune",
            password=MDP,
            commune_code="46005",
            qui="tests",
        )
        if open_campaign(session) is None:
            campagnes.create_campaign(
                session,
                nom="Appel 2026",
                regles_version="2021-01",
                ouverture=date.today() - timedelta(days=1),
                cloture=date.today() + timedelta(days=30),
                qui="tests",
            )
    page.goto(f"{base}/connexion")
    page.fill("#email", EMAIL)
    page.fill("#mot_de_passe", MDP)
    page.click("main button[type=submit]")
    page.goto(f"{base}/candidatures/nouvelle")
    page.click("main form button[type=submit]")
    page.fill("#projet_titre", "Rouvrir l'épicerie")
    big = {
        "name": "deliberation.pdf",
        "mimeType": "application/pdf",
        "buffer": b"%PDF-1.4\n" + b"0" * (6 * 1024 * 1024),
    }
    page.set_input_files("#deliberation", big)
    alert = page.locator("#deliberation-taille")
    assert alert.count() == 1 and "dépasse la taille autorisée" in alert.inner_text()
    assert page.eval_on_selector("#deliberation", "e => e.files.length") == 0
    # the visible save button, not the hidden one that Enter presses
    page.click(".actions button[formaction$='/dossier/enregistrer']")
    assert page.locator("text=Brouillon enregistré").count() == 1
    assert page.input_value("#projet_titre") == "Rouvrir l'épicerie"
