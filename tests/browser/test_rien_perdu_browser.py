"""Issue 23 in Chromium, at 390 px and 1366 px: nothing typed in the application form is lost
when the session ends elsewhere, two tabs save, the network drops then Back is pressed, the
page is reloaded, or « Retirer… » is followed by « Non, le garder » (static/js/filet.js over
static/js/conserve.js; village_avenir/filet.py; per-device sessions). Every page reached is
checked with axe-core and for horizontal overflow."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from tests.browser.test_parcours_pages import _axe, _overflow
from village_avenir.db import get_session
from village_avenir.models import Utilisateur
from village_avenir.services import campagnes
from village_avenir.services.candidatures import dossiers as svc
from village_avenir.services.comptes.utilisateurs import create_user

pytestmark = pytest.mark.browser

MDP = "mot-de-passe-rien-perdu"
WIDTHS = {390: "46005", 1366: "46010"}  # one commune per width: separate applications
NOTICE = "Ce navigateur a gardé une saisie de ce formulaire"


def _setup(app, width: int) -> tuple[str, int, int]:
    """(mayor's e-mail, account id, application id) for this width."""
    email, code = f"rien-perdu-{width}@lot.test", WIDTHS[width]
    with app.test_request_context():
        session = get_session()
        user = session.exec(select(Utilisateur).where(Utilisateur.email == email)).first()
        if user is None:
            user = create_user(
                session,
                email=email,
                nom=f"Maire {width}",
                role="commune",
                password=MDP,
                commune_code=code,
                qui="tests",
            )
        if svc.open_campaign(session) is None:
            campagnes.create_campaign(
                session,
                nom="Appel du filet",
                ouverture=date.today() - timedelta(days=1),
                cloture=date.today() + timedelta(days=30),
                regles_version="2023-01",
                qui="tests",
            )
        cand = svc.start(session, code_insee=code, statut="eligible", raisons=[], qui=email)
        return email, user.id, cand.id


@pytest.fixture(params=sorted(WIDTHS))
def mayor(request, browser, live_app):
    """(context factory, base, e-mail, account id, application id, width)."""
    app, base = live_app
    email, uid, cid = _setup(app, request.param)
    contexts = []

    def new_page():
        ctx = browser.new_context(locale="fr-FR", viewport={"width": request.param, "height": 860})
        contexts.append(ctx)
        pg = ctx.new_page()
        pg.dialogs = []

        def accept(dialog):
            pg.dialogs.append(dialog.type)
            dialog.accept()

        pg.on("dialog", accept)
        return pg

    yield new_page, base, email, uid, cid, request.param
    for ctx in contexts:
        ctx.close()


def _login(page, base, email):
    page.goto(f"{base}/connexion")
    page.fill("#email", email)
    page.fill("#mot_de_passe", MDP)
    page.click("main button[type=submit]")
    expect(page.locator('meta[name="va-compte"]')).to_have_count(1)


def _header(page, name):
    """A button of the header; on a phone, the menu is opened first (« Menu »)."""
    libelle = page.locator("label.menu-libelle")
    if libelle.is_visible() and not page.locator("#menu-ouvert").is_checked():
        libelle.click()
    return page.get_by_role("button", name=name, exact=True)


def _open(page, base, cid):
    page.goto(f"{base}/candidatures/{cid}/dossier")
    expect(page.locator("html[data-filet=pret]")).to_have_count(1)


def _kept(page, uid, cid):
    """What the browser keeps for this form (None when nothing)."""
    return page.evaluate(
        "([c]) => Conserve.get(c).then(r => r && r.valeur.champs)",
        [f"u{uid}|candidature|{cid}"],
    )


def _type(page, selector, text):
    page.fill(selector, text)
    page.wait_for_timeout(400)  # filet.js keeps the value 300 ms after the last key


def _clean(page):
    problems = _axe(page)
    wide = _overflow(page)
    assert problems == [] and wide is None, (problems, wide)


def _take_back(page, selector, expected):
    expect(page.get_by_text(NOTICE)).to_be_visible()
    _clean(page)
    page.get_by_role("button", name="Reprendre cette saisie").click()
    assert page.input_value(selector) == expected


def _save(page):
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_text("Brouillon enregistré.")).to_be_visible()


def test_session_ended_elsewhere(mayor, artefacts):
    new_page, base, email, uid, cid, width = mayor
    phone, pc = new_page(), new_page()
    _login(phone, base, email)
    _login(pc, base, email)
    _open(phone, base, cid)
    # Issue 23 n° 10: on a phone the logged-in header stays small (the menu folds).
    height = phone.locator("header.bandeau").bounding_box()["height"]
    assert height <= (100 if width <= 390 else 140), height
    # « Se déconnecter » on the town-hall PC no longer ends the phone's session.
    _header(pc, "Se déconnecter").click()
    _type(phone, "#projet_titre", "Titre tapé sur le téléphone")
    _save(phone)
    # « … de tous les appareils » does: the save lands on the login page, nothing is lost.
    _login(pc, base, email)
    _type(phone, "#projet_description", "Description tapée avant la fin de session")
    _header(pc, "Se déconnecter de tous les appareils").click()
    phone.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(phone.get_by_text("Votre session a pris fin")).to_be_visible()
    _clean(phone)
    phone.fill("#email", email)
    phone.fill("#mot_de_passe", MDP)
    phone.click("main button[type=submit]")
    expect(phone).to_have_url(f"{base}/candidatures/{cid}/dossier")
    _take_back(phone, "#projet_description", "Description tapée avant la fin de session")
    phone.screenshot(path=str(artefacts / f"rien-perdu-session-{width}.png"), full_page=True)
    _save(phone)
    assert _kept(phone, uid, cid) is None  # forgotten once saved
    assert phone.input_value("#projet_description") == "Description tapée avant la fin de session"


def test_two_tabs(mayor, artefacts):
    new_page, base, email, uid, cid, width = mayor
    first = new_page()
    _login(first, base, email)
    second = first.context.new_page()
    second.dialogs = []
    second.on("dialog", lambda d: d.accept())
    _open(first, base, cid)
    _open(second, base, cid)
    _type(first, "#contact_nom", "Nom du premier onglet")
    _save(first)
    _type(second, "#contact_nom", "Nom du second onglet")
    _type(second, "#contact_fonction", "Secrétaire de mairie")
    second.get_by_role("button", name="Enregistrer le brouillon").click()
    panel = second.locator("#conflit")
    expect(panel).to_be_visible()
    champ = panel.locator("fieldset", has_text="Personne à contacter")
    expect(champ.get_by_text("Nom du premier onglet")).to_be_visible()
    expect(champ.get_by_text("Nom du second onglet")).to_be_visible()
    _clean(second)
    second.screenshot(path=str(artefacts / f"rien-perdu-conflit-{width}.png"), full_page=True)
    # Saving without choosing replaces nothing.
    panel.get_by_role("button", name="Enregistrer avec ces choix").click()
    expect(second.get_by_text("choisissez, pour chaque champ")).to_be_visible()
    for group in second.locator("#conflit fieldset.conflit-champ").all():
        group.get_by_label("Garder la mienne").check()
    second.locator("#conflit fieldset", has_text="Personne à contacter").get_by_label(
        "Garder l'autre"
    ).check()
    second.get_by_role("button", name="Enregistrer avec ces choix").click()
    expect(second.get_by_text("Brouillon enregistré.")).to_be_visible()
    assert second.input_value("#contact_nom") == "Nom du premier onglet"
    assert second.input_value("#contact_fonction") == "Secrétaire de mairie"
    assert _kept(second, uid, cid) is None


def test_offline_then_back(mayor):
    new_page, base, email, uid, cid, width = mayor
    page = new_page()
    _login(page, base, email)
    page.goto(f"{base}/candidatures/{cid}")
    page.get_by_role("link", name="Continuer le dossier").click()
    expect(page.locator("html[data-filet=pret]")).to_have_count(1)
    _type(page, "#logement_projets", "Deux logements au-dessus de l'école")
    page.context.set_offline(True)
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_text("Pas de connexion au réseau : rien n'a été envoyé.")).to_be_visible()
    assert page.url.endswith(f"/candidatures/{cid}/dossier")
    _clean(page)
    page.context.set_offline(False)
    page.go_back()
    expect(page).to_have_url(f"{base}/candidatures/{cid}")
    assert "beforeunload" in page.dialogs  # leaving with unsaved changes asked first
    page.get_by_role("link", name="Continuer le dossier").click()
    _take_back(page, "#logement_projets", "Deux logements au-dessus de l'école")
    _save(page)
    assert _kept(page, uid, cid) is None


def test_reload(mayor):
    new_page, base, email, uid, cid, width = mayor
    page = new_page()
    _login(page, base, email)
    _open(page, base, cid)
    _type(page, "#services_perdus", "Boulangerie (2019)")
    page.reload()
    expect(page.locator("html[data-filet=pret]")).to_have_count(1)
    assert "beforeunload" in page.dialogs
    _take_back(page, "#services_perdus", "Boulangerie (2019)")
    # « L'écarter » forgets it.
    page.reload()
    expect(page.get_by_text(NOTICE)).to_be_visible()
    page.get_by_role("button", name="L'écarter").click()
    expect(page.get_by_text(NOTICE)).to_have_count(0)
    assert _kept(page, uid, cid) is None


def test_remove_then_keep_it(mayor):
    new_page, base, email, uid, cid, width = mayor
    page = new_page()
    _login(page, base, email)
    _open(page, base, cid)
    _type(page, "#patrimoine-0-nom", "Pigeonnier")
    page.get_by_role("button", name="Retirer le n° 1…").click()
    expect(page.locator("#confirmer-retrait")).to_be_visible()
    _type(page, "#services_existants", "Agence postale communale")
    _clean(page)
    page.get_by_role("button", name="Non, le garder").click()
    expect(page.get_by_text("Rien n'a été retiré ; le brouillon est enregistré.")).to_be_visible()
    assert page.input_value("#patrimoine-0-nom") == "Pigeonnier"
    assert page.input_value("#services_existants") == "Agence postale communale"
    assert _kept(page, uid, cid) is None


def test_logout_forgets_the_accounts_drafts(mayor):
    new_page, base, email, uid, cid, width = mayor
    page = new_page()
    _login(page, base, email)
    _open(page, base, cid)
    _type(page, "#projet_titre", "Jamais enregistré")
    assert _kept(page, uid, cid) is not None
    # an entry of the heritage visit's offline queue, not yet sent: it must survive the logout
    page.evaluate(f"Conserve.put('u{uid}|visite|essai-1', {{nom: 'Lavoir'}})")
    _header(page, "Se déconnecter").click()
    expect(page.get_by_text("Vous êtes déconnecté de cet appareil.")).to_be_visible()
    assert "beforeunload" in page.dialogs
    for _ in range(20):  # clearPrefix runs as the page opens
        rows = page.evaluate(f"Conserve.list('u{uid}|')")
        if [r["cle"] for r in rows] == [f"u{uid}|visite|essai-1"]:
            break
        page.wait_for_timeout(100)
    assert [r["cle"] for r in rows] == [f"u{uid}|visite|essai-1"]


def test_kept_values_of_a_block_removed_elsewhere_wait_for_it(mayor):
    """A draft with more heritage blocks than the page: what has no place is not dropped."""
    new_page, base, email, uid, cid, width = mayor
    page = new_page()
    _login(page, base, email)
    _open(page, base, cid)
    page.get_by_role("button", name="Ajouter un bâtiment ou un site").click()
    expect(page.locator("#patrimoine-1-nom")).to_have_count(1)
    expect(page.locator("html[data-filet=pret]")).to_have_count(1)
    _type(page, "#patrimoine-1-nom", "Lavoir de la Fontaine")
    other = page.context.new_page()
    other.on("dialog", lambda d: d.accept())
    _open(other, base, cid)
    other.get_by_role("button", name="Retirer le n° 2…").click()
    other.get_by_role("button", name="Oui, retirer le n° 2").click()
    expect(other.locator("#patrimoine-1-nom")).to_have_count(0)
    page.reload()
    expect(page.locator("#patrimoine-1-nom")).to_have_count(0)
    page.get_by_role("button", name="Reprendre cette saisie").click()
    expect(page.get_by_text("n'ont pas leur place sur cette page")).to_be_visible()
    _clean(page)
    page.get_by_role("button", name="Ajouter un bâtiment ou un site").click()
    expect(page.locator("#patrimoine-1-nom")).to_have_count(1)
    _take_back(page, "#patrimoine-1-nom", "Lavoir de la Fontaine")
    _save(page)
    assert _kept(page, uid, cid) is None
