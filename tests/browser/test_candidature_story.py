"""The whole story of an application in a real browser (Chromium, closed network):
a commune user fills a draft, leaves, comes back, submits; an engineer asks for a
complement; the commune completes; the engineer decides. Screenshots in ``artefacts``.

Since issue 12: Enter in any field only saves; removal and deposit are confirmed; the
e-mails of each step arrive in a real SMTP server (aiosmtpd on 127.0.0.1), delivered by the
outbox's sender; the mayor finally resets her password from the e-mailed link.
"""

import re
from datetime import date, timedelta
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.smtp_server import SmtpServer, smtp_settings
from tests.web.conftest import PDF
from village_avenir.db import get_session
from village_avenir.services import campagnes
from village_avenir.services.candidatures.dossiers import open_campaign
from village_avenir.services.comptes.utilisateurs import create_user
from village_avenir.services.courriels import envoi

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
        # The browser tests share one server: another story may have opened the call already.
        if open_campaign(get_session()) is None:
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
    # Waits for the page after the redirect (count() alone raced it under load).
    expect(page.get_by_role("button", name="Se déconnecter", exact=True)).to_have_count(1)


def _logout(page):
    page.get_by_role("button", name="Se déconnecter", exact=True).click()
    # Waits for the page after the redirect (count() alone raced it under load).
    expect(page.get_by_role("link", name="Se connecter", exact=True)).to_be_visible()


def _deliver(app, smtp, count):
    """Run the outbox's sender once; wait for ``count`` messages in the SMTP server."""
    with app.app_context():
        envoi.send_due(get_session(), envoi.smtp_config(app.config))
    return smtp.wait_for(count)


def _text(msg) -> str:
    return msg.get_body(preferencelist=("plain",)).get_content()


def test_application_story(page, live_app, artefacts):
    app, base = live_app
    _setup(app)
    smtp = SmtpServer().start()
    app.config.update(smtp_settings(smtp.port))
    try:
        _story(page, app, base, artefacts, smtp)
    finally:
        smtp.stop()
        for key in smtp_settings(0):
            app.config.pop(key, None)


def _story(page, app, base, artefacts, smtp):

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
    expect(page.locator("text=Brouillon enregistré.")).to_be_visible()
    shot("2-brouillon")
    _logout(page)

    # 2. She comes back: everything is still there; she completes and deposits.
    _login(page, base, MAIRE)
    page.click("nav >> text=Candidatures")
    page.click("#candidatures >> text=Albas")
    page.click("text=Continuer le dossier")
    assert page.input_value("#logements_vacants") == "douze"
    assert page.input_value("#patrimoine-1-nom") == "Lavoir"
    # Enter in every text field saves the draft and removes nothing (issue 12).
    fields = page.locator(
        "form.dossier input[type=text], form.dossier input[type=email], "
        "form.dossier input[type=tel], form.dossier input:not([type])"
    )
    ids = [fields.nth(i).get_attribute("id") for i in range(fields.count())]
    assert "contact_telephone" in ids and "patrimoine-1-nom" in ids, ids
    for field_id in ids:
        page.press(f"#{field_id}", "Enter")
        expect(page.locator("text=Brouillon enregistré.")).to_be_visible()
        assert page.input_value("#patrimoine-0-nom") == "Église Saint-Martin", field_id
        assert page.input_value("#patrimoine-1-nom") == "Lavoir", field_id
    # Removing asks first; confirming removes.
    page.click("text=Retirer le n° 2")
    expect(page.locator("#confirmer-retrait")).to_be_visible()
    assert page.input_value("#patrimoine-1-nom") == "Lavoir"
    page.click("text=Oui, retirer le n° 2")
    expect(page.locator("#patrimoine-1-nom")).to_have_count(0)
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
    page.click("text=Vérifier et déposer la candidature")
    expect(page.locator("#recapitulatif")).to_be_visible()
    assert "Église Saint-Martin" in page.locator("#contenu-dossier").inner_text()
    page.click("text=Confirmer le dépôt de la candidature")
    assert page.locator("#etat").get_attribute("data-etat") == "deposee", page.content()
    shot("3-deposee")
    # Issue 23: the engineer hears of the new deposit too.
    (recu,) = [m for m in _deliver(app, smtp, 2) if MAIRE in m.envelope_to]
    (nouvelle,) = smtp.to(INGENIEUR)
    assert "nouvelle candidature d'Albas" in nouvelle["Subject"]
    assert "accusé de réception" in recu["Subject"] and "Église Saint-Martin" in _text(recu)
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
    _deliver(app, smtp, 4)  # « en instruction » and the complement request
    (demande,) = [m for m in smtp.to(MAIRE) if "complément demandé" in m["Subject"]]
    assert "Merci de joindre le devis de la toiture." in _text(demande)
    _logout(page)

    # 4. The commune reads the message and sends the complement.
    _login(page, base, MAIRE)
    page.click("nav >> text=Candidatures")
    page.click("#candidatures >> text=Albas")
    expect(page.locator("text=Merci de joindre le devis de la toiture.")).to_have_count(1)
    page.click("text=Répondre et compléter le dossier")
    page.fill("#patrimoine-0-cout", "135 000")
    page.click("text=Vérifier et transmettre le complément")
    page.fill("#reponse", "Le devis de la toiture est pris en compte : 135 000 €.")
    page.click("text=Confirmer la transmission du complément")
    assert page.locator("#etat").get_attribute("data-etat") == "completee"
    shot("5-completee")
    _deliver(app, smtp, 6)
    (recu_ing,) = [m for m in smtp.to(INGENIEUR) if "complément reçu" in m["Subject"]]
    accuses = [m for m in smtp.to(MAIRE) if "accusé de réception du complément" in m["Subject"]]
    assert len(accuses) == 1  # promised by the confirmation page (issue 23)
    assert "complément reçu" in recu_ing["Subject"] and "135 000" in _text(recu_ing)
    _logout(page)

    # 5. The engineer decides, with a motivation the commune then reads.
    _login(page, base, INGENIEUR)
    page.click("nav >> text=Candidatures")
    page.click("#candidatures >> text=Albas")
    page.check("#decision-retenue")
    page.fill("#motif-decision", "Projet complet ; patrimoine protégé en mauvais état.")
    page.click("text=Enregistrer la décision")
    assert page.locator("#etat").get_attribute("data-etat") == "completee"  # not confirmed
    page.check("#decision-retenue")
    page.fill("#motif-decision", "Projet complet ; patrimoine protégé en mauvais état.")
    page.check("#confirmation-decision")
    page.click("text=Enregistrer la décision")
    assert page.locator("#etat").get_attribute("data-etat") == "retenue"
    shot("6-retenue")
    _logout(page)
    _login(page, base, MAIRE)
    page.goto(f"{base}/communes/46001")
    assert page.locator("#candidature li").get_attribute("data-etat") == "retenue"
    page.click("#candidature >> text=voir la candidature")
    assert "patrimoine protégé en mauvais état" in page.locator("#decision").inner_text()
    shot("7-decision-vue-par-la-commune")
    _deliver(app, smtp, 7)
    (decision,) = [m for m in smtp.to(MAIRE) if "décision" in m["Subject"]]
    assert "patrimoine protégé en mauvais état" in _text(decision) and "Retenue" in _text(decision)
    _logout(page)

    # 6. The mayor forgot her password: reset from the e-mailed link.
    page.goto(f"{base}/connexion")
    page.click("#lien-oubli")
    page.fill("#email", MAIRE)
    page.click("main button[type=submit]")
    _deliver(app, smtp, 8)
    (reset,) = [m for m in smtp.to(MAIRE) if "nouveau mot de passe" in m["Subject"]]
    # The link starts with the configured public address (VILLAGE_AVENIR_URL_PUBLIQUE, not this
    # test server's port): its path is opened on the live server.
    page.goto(base + urlsplit(re.search(r"https?://\S+", _text(reset)).group(0)).path)
    page.click("#continuer button")
    page.fill("#mot_de_passe", "une girafe mauve traverse le Causse")
    page.fill("#confirmation", "une girafe mauve traverse le Causse")
    page.click("main button[type=submit]")
    page.fill("#email", MAIRE)
    page.fill("#mot_de_passe", "une girafe mauve traverse le Causse")
    page.click("main button[type=submit]")
    expect(page.get_by_role("button", name="Se déconnecter", exact=True)).to_have_count(1)
    shot("8-nouveau-mot-de-passe")
    hosts = {urlsplit(u).hostname for u in page.requested}
    assert hosts == {"127.0.0.1"}, hosts
