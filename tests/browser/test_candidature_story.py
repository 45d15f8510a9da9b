"""The whole story of an application in a real browser (Chromium, closed network):
a commune user fills a draft, leaves, comes back, submits; an engineer asks for a
complement; the commune completes; the engineer decides. Screenshots in ``artefacts``.
"""

from datetime import date, timedelta
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.web.conftest import PDF
from village_avenir.db import get_session
from village_avenir.services import campagnes
from village_avenir.services.comptes import create_user

MAIRE, INGENIEUR, MDP = (
    "navigateur-maire@albas.test",
    "navigateur-ing@lot.test",
    "mot-de-passe-long",
)


def _setup(app):
    with app.app_context():
        create_user(
            get_session(),
            email=MAIRE,
            nom="Maire d'Albas",
            role="commune",
            password=MDP,
            commune_code="46001",
            qui="tests",
        )
        create_user(
            get_session(),
            email=INGENIEUR,
            nom="Ingénieure",
            role="ingenieur",
            password=MDP,
            qui="t",
        )
        campagnes.create_campaign(
            get_session(),
            nom="Appel à candidatures 2026",
            ouverture=date.today() - timedelta(days=1),
            cloture=date.today() + timedelta(days=60),
            regles_version="2021-01",
            qui="tests",
        )


def _login(page, base, email):
    page.goto(f"{base}/connexion")
    page.fill("#email", email)
    page.fill("#mot_de_passe", MDP)
    page.click("main button[type=submit]")
    assert page.get_by_role("button", name="Se déconnecter", exact=True).count() == 1


def _logout(page):
    page.get_by_role("button", name="Se déconnecter", exact=True).click()
    # Waits for the page after the redirect (count() alone raced it under load).
    expect(page.get_by_role("link", name="Se connecter", exact=True)).to_be_visible()


def test_application_story(page, live_app, artefacts):
    app, base = live_app
    _setup(app)

    def shot(name):
        return page.screenshot(path=str(artefacts / f"candidature-{name}.png"), full_page=True)

    # 1. The mayor sees the eligibility sheet, starts a draft, types (partly invalid), leaves.
    _login(page, base, MAIRE)
    page.click("nav >> text=Candidatures")
    page.click("text=Voir l'éligibilité de ma commune")
    assert page.locator("#eligibilite").get_attribute("data-statut") in {"eligible", "a_verifier"}
    shot("1-eligibilite")
    page.click("text=Commencer ou reprendre la candidature")
    page.fill("#contact_nom", "Jeanne Martin")
    page.fill("#projet_titre", "Redonner vie au cœur du village")
    page.fill("#logements_vacants", "douze")
    page.fill("#patrimoine-0-nom", "Église Saint-Martin")
    page.click("text=Ajouter un bâtiment ou un site")
    page.fill("#patrimoine-1-nom", "Lavoir")
    page.click("text=Enregistrer le brouillon")
    assert page.locator("text=Brouillon enregistré.").count() == 1
    shot("2-brouillon")
    _logout(page)

    # 2. She comes back: everything is still there; she completes and deposits.
    _login(page, base, MAIRE)
    page.click("nav >> text=Candidatures")
    page.click("#candidatures >> text=Albas")
    page.click("text=Continuer le dossier")
    assert page.input_value("#logements_vacants") == "douze"
    assert page.input_value("#patrimoine-1-nom") == "Lavoir"
    page.click("text=Retirer le n° 2")
    assert page.locator("#patrimoine-1-nom").count() == 0
    page.fill("#contact_email", "mairie@albas.test")
    page.fill("#contact_telephone", "05 65 00 00 00")
    page.fill(
        "#projet_description",
        "Réhabiliter l'ancien presbytère en trois logements communaux, rouvrir une épicerie "
        "multiservice et restaurer l'église, dont la toiture menace.",
    )
    page.select_option("#patrimoine-0-protection", "mh_inscrit")
    page.select_option("#patrimoine-0-etat", "mauvais")
    page.fill("#patrimoine-0-cout", "120 000")
    page.fill("#logements_vacants", "12")
    page.fill("#services_existants", "École\nAgence postale")
    page.fill("#services_perdus", "Épicerie (2015)")
    page.set_input_files(
        "#deliberation",
        files=[{"name": "deliberation.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.click("text=Déposer la candidature")
    assert page.locator("#etat").get_attribute("data-etat") == "deposee", page.content()
    shot("3-deposee")
    _logout(page)

    # 3. The engineer starts the instruction and asks for a complement.
    _login(page, base, INGENIEUR)
    page.click("nav >> text=Candidatures")
    page.select_option("#etat", "deposee")
    page.click("text=Filtrer")
    page.click("#candidatures >> text=Albas")
    page.click("text=Commencer l'instruction")
    assert page.locator("#etat").get_attribute("data-etat") == "en_instruction"
    page.fill("#motif-complement_demande", "Merci de joindre le devis de la toiture.")
    page.click("text=Demander un complément")
    assert page.locator("#etat").get_attribute("data-etat") == "complement_demande"
    shot("4-complement-demande")
    _logout(page)

    # 4. The commune reads the message and sends the complement.
    _login(page, base, MAIRE)
    page.click("nav >> text=Candidatures")
    page.click("#candidatures >> text=Albas")
    assert page.locator("text=Merci de joindre le devis de la toiture.").count() == 1
    page.click("text=Compléter le dossier")
    page.fill("#patrimoine-0-cout", "135 000")
    page.click("text=Transmettre le complément")
    assert page.locator("#etat").get_attribute("data-etat") == "completee"
    shot("5-completee")
    _logout(page)

    # 5. The engineer decides, with a motivation the commune then reads.
    _login(page, base, INGENIEUR)
    page.click("nav >> text=Candidatures")
    page.click("#candidatures >> text=Albas")
    page.fill("#motif-retenue", "Projet complet ; patrimoine protégé en mauvais état.")
    page.click("text=Retenir la candidature")
    assert page.locator("#etat").get_attribute("data-etat") == "retenue"
    shot("6-retenue")
    _logout(page)
    _login(page, base, MAIRE)
    page.goto(f"{base}/communes/46001")
    assert page.locator("#candidature li").get_attribute("data-etat") == "retenue"
    page.click("#candidature >> text=voir la candidature")
    assert "patrimoine protégé en mauvais état" in page.locator("#decision").inner_text()
    shot("7-decision-vue-par-la-commune")
    hosts = {urlsplit(u).hostname for u in page.requested}
    assert hosts == {"127.0.0.1"}, hosts
