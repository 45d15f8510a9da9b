"""The story of a projet stratégique in Chromium, at 390 px (phone) and 1366 px: an engineer
proposes a plan, edits its stakes and a fiche-action, validates it; the mayor is e-mailed
(outbox) and attaches the council's deliberation; a year later the mayor proposes a status,
the engineer accepts it and records the yearly review. On every page: axe-core finds
nothing, no element overflows the width, no id is used twice.

« A year later »: the test moves the validation date one year back in the database (as if a
year had passed), so that a status dated today is a year after the validation.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from tests.browser.test_parcours_pages import _axe, _duplicate_ids, _overflow
from tests.browser.test_rien_perdu_browser import NOTICE
from tests.pdfs import minimal_pdf
from village_avenir.db import get_session
from village_avenir.models import Courriel, PlanSuivi, PlanVersion
from village_avenir.services.comptes.utilisateurs import create_user

MDP = "mot-de-passe-projet"
COMMUNES = {390: "46037", 1366: "46070"}  # Bouziès, Cieurac: one story each, no shared state


def _accounts(app, code):
    maire, ing = f"maire-{code}@projet.test", f"ingenieur-{code}@projet.test"
    with app.app_context():
        create_user(
            get_session(),
            email=maire,
            nom="Maire",
            role="commune",
            password=MDP,
            commune_code=code,
            qui="tests",
        )
        create_user(
            get_session(), email=ing, nom="Ingénieure", role="ingenieur", password=MDP, qui="tests"
        )
    return maire, ing


def _menu(page):
    """On a phone the header's menu folds behind « Menu »: open it first."""
    if page.locator("label.menu-libelle").is_visible():
        page.locator("label.menu-libelle").click()


def _login(page, base, email):
    page.goto(f"{base}/connexion")
    page.fill("#email", email)
    page.fill("#mot_de_passe", MDP)
    page.click("main button[type=submit]")
    expect(page.locator("form[action='/deconnexion'] button")).to_have_count(1)


def _logout(page):
    _menu(page)
    page.locator("form[action='/deconnexion'] button").click()
    expect(page.locator("form[action='/deconnexion']")).to_have_count(0)


class Checks:
    """Runs axe, the overflow check and the duplicate-id check on each page shown."""

    def __init__(self, page, width):
        self.page, self.width, self.problems = page, width, []

    def __call__(self, what):
        self.page.wait_for_load_state("load")
        found = _axe(self.page) + _duplicate_ids(self.page)
        over = _overflow(self.page) if self.width <= 390 else None
        if found or over:
            self.problems.append((what, found, over))


@pytest.mark.parametrize("width", list(COMMUNES))
def test_propose_edit_validate_deliberate_follow(browser, live_app, width, artefacts):
    app, base = live_app
    code = COMMUNES[width]
    maire, ing = _accounts(app, code)
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 900})
    page = context.new_page()
    check = Checks(page, width)

    # 1. propose
    _login(page, base, ing)
    page.goto(f"{base}/communes/{code}/plan/proposer")
    check("proposer")
    page.fill("#b_logements_vacants", "80")
    page.fill("#b_commerce", "60")
    page.fill("#source", "Visite du 12/11/2026")
    page.get_by_role("button", name="Proposer le plan").click()
    expect(page.locator("#projet")).to_be_visible()
    check("plan proposé")

    # 2. edit the stakes, then a fiche-action
    page.get_by_role("link", name="Modifier les enjeux et les orientations").click()
    check("projet")
    page.fill("#projet-enjeux", "Remettre les logements vacants sur le marché\nGarder un commerce")
    # the safety net (issue 23): a reload before saving offers what was typed back
    page.wait_for_timeout(400)  # filet.js keeps the value 300 ms after the last key
    page.once("dialog", lambda d: d.accept())  # « leave the page? » (beforeunload)
    page.reload()
    expect(page.get_by_text(NOTICE)).to_be_visible()
    page.get_by_role("button", name="Reprendre cette saisie").click()
    expect(page.locator("#projet-enjeux")).to_have_value(
        "Remettre les logements vacants sur le marché\nGarder un commerce"
    )
    page.get_by_role("button", name="Enregistrer le projet").click()
    expect(page.locator("ol.enjeux li")).to_have_count(2)
    page.locator("#projet a", has_text="Modifier la fiche").first.click()
    check("fiche")
    page.fill("#fiche-objectif", "Remettre cinq logements vacants sur le marché")
    page.fill("#fiche-t_detr", "90")  # above the legal share: refused, nothing lost
    page.get_by_role("button", name="Enregistrer la fiche").click()
    expect(page.locator(".message.erreur")).to_contain_text("minimum légal de 20 %")
    expect(page.locator("#fiche-objectif")).to_have_value(
        "Remettre cinq logements vacants sur le marché"
    )
    check("fiche refusée")
    page.fill("#fiche-t_detr", "30")
    page.get_by_role("button", name="Enregistrer la fiche").click()
    expect(page.locator("#projet")).to_contain_text("Remettre cinq logements vacants")

    # 3. validate: frozen, the mayor e-mailed
    page.get_by_role("button", name="Valider le projet stratégique").click()
    expect(page.locator("#validation .message.succes")).to_contain_text("validée le")
    check("validé")
    page.screenshot(path=str(artefacts / f"projet-plan-{width}.png"), full_page=True)
    pdf = page.request.get(f"{base}/communes/{code}/plan/versions/4/projet.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    with app.app_context():
        mails = (
            get_session()
            .exec(
                select(Courriel).where(
                    Courriel.genre == "projet_valide", Courriel.destinataire == maire
                )
            )
            .all()
        )
        assert len(mails) == 1 and "projet.pdf" in mails[0].texte
        # a year passes
        v = (
            get_session()
            .exec(
                select(PlanVersion).where(
                    PlanVersion.code_insee == code, PlanVersion.validee_le.is_not(None)
                )
            )
            .one()
        )
        v.validee_le -= timedelta(days=366)
        get_session().commit()
    _logout(page)

    # 4. the mayor attaches the deliberation and proposes a status a year later
    _login(page, base, maire)
    page.goto(f"{base}/communes/{code}/plan")
    check("plan, maire")
    page.set_input_files(
        "#deliberation-fichier",
        files=[
            {"name": "deliberation.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf()}
        ],
    )
    page.get_by_role("button", name="Envoyer la délibération").click()
    expect(page.get_by_role("link", name="Délibération du conseil municipal")).to_be_visible()
    page.get_by_role("link", name="Suivi des actions sur trois ans").click()
    check("suivi, maire")
    form = page.locator("form[id^=form-statut-]").first
    form.locator("select").select_option("engagee")
    form.locator("input[type=date]").fill(date.today().isoformat())
    form.get_by_role("button").click()
    expect(page.locator(".propositions li")).to_have_count(1)
    _logout(page)

    # 5. the engineer accepts it and records the yearly review
    _login(page, base, ing)
    page.goto(f"{base}/communes/{code}/plan/suivi")
    check("suivi, ingénieure")
    page.locator("form[id^=form-decision-]").get_by_role("button").click()
    expect(page.locator("[data-statut]").first).to_have_text("Engagée")
    page.fill("#revue-bilan", "Première année : l'opération logements est engagée.")
    page.get_by_role("button", name="Enregistrer la revue").click()
    expect(page.locator(".chronologie")).to_contain_text(f"Revue annuelle {date.today().year}")
    check("suivi après revue")
    page.screenshot(path=str(artefacts / f"projet-suivi-{width}.png"), full_page=True)
    page.goto(f"{base}/communes/{code}")
    expect(page.locator("#plan .chronologie")).to_contain_text("Délibération du conseil municipal")
    page.screenshot(path=str(artefacts / f"projet-{width}.png"), full_page=True)
    context.close()
    with app.app_context():
        entry = get_session().exec(select(PlanSuivi).where(PlanSuivi.code_insee == code)).one()
        assert (entry.statut, entry.etat) == ("engagee", "validee")
    assert check.problems == [], "\n".join(map(str, check.problems))
