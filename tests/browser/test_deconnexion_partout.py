"""In Chromium: a second browser holding a copy of the session cookie is logged out when the
first clicks « Se déconnecter de tous les appareils »."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from village_avenir.db import get_session
from village_avenir.services.comptes.utilisateurs import create_user

pytestmark = pytest.mark.browser

EMAIL, MDP = "partout@lot.test", "mot-de-passe-partout"


def test_logout_everywhere_ends_a_copied_session(browser, live_app, page, artefacts):
    app, base = live_app
    with app.app_context():
        create_user(
            get_session(),
            email=EMAIL,
            nom="Ingénieur partout",
            role="ingenieur",
            password=MDP,
            qui="tests",
        )
    page.goto(f"{base}/connexion")
    page.fill("#email", EMAIL)
    page.fill("#mot_de_passe", MDP)
    page.click("main button[type=submit]")
    expect(page.get_by_role("button", name="Se déconnecter", exact=True)).to_be_visible()

    other = browser.new_context(locale="fr-FR")
    other.add_cookies(page.context.cookies())
    thief = other.new_page()
    thief.goto(f"{base}/candidatures")
    assert "/connexion" not in thief.url and thief.locator("text=Ingénieur partout").count() == 1

    page.get_by_role("button", name="Se déconnecter de tous les appareils").click()
    expect(page.get_by_text("Vous êtes déconnecté de tous les appareils.")).to_be_visible()
    expect(page.get_by_role("link", name="Se connecter", exact=True)).to_be_visible()
    page.screenshot(path=str(artefacts / "deconnexion_partout.png"))

    thief.goto(f"{base}/candidatures")
    assert "/connexion" in thief.url
    assert thief.locator("text=Ingénieur partout").count() == 0
    other.close()
