"""« Visite hors ligne » (issue 22, item 2), in Chromium at 390 px:

- the visit page is kept by its service worker and reloads without network;
- offline, three items with photos (12 MP-class originals made here with Pillow, one carrying
  an EXIF GPS position) are entered; « 3 éléments en attente d'envoi » is announced and the
  server has nothing; back online, the three items are stored once each with their reduced
  photos (JPEG ≤ 500 Ko, ≤ 1600 px, no metadata, position kept); a send whose answer was lost
  is sent again without doubling anything; axe finds nothing and nothing overflows;
- the session ended meanwhile: the queue stays, « Reconnectez-vous pour envoyer les
  2 éléments en attente » links to the login page, which comes back and sends the queue.
"""

from __future__ import annotations

import io
import os
import time

import pytest
from PIL import Image
from playwright.sync_api import expect
from sqlmodel import select

from tests.browser.test_parcours_pages import _axe, _duplicate_ids, _overflow
from village_avenir.db import get_session
from village_avenir.models import PatrimoineElement, PatrimoinePhoto, PatrimoineVisite, Utilisateur
from village_avenir.services.candidatures import pieces
from village_avenir.services.comptes.utilisateurs import create_user

pytestmark = pytest.mark.browser

MDP = "mot-de-passe-visite"
CODE = "46001"
# The phone's position given by the browser, and the one in the photo's EXIF (Cahors-ish).
# Both inside Albas (46001): the inventory refuses an item placed outside its commune.
TELEPHONE = {"latitude": 44.46, "longitude": 1.24}
EXIF_GPS = (44.0 + 28 / 60 + 12 / 3600, 1.0 + 14 / 60 + 24 / 3600)  # 44.47 N, 1.24 E


def _engineer(app, email: str) -> None:
    with app.app_context():
        session = get_session()
        if session.exec(select(Utilisateur).where(Utilisateur.email == email)).first() is None:
            create_user(
                session,
                email=email,
                nom="Ingénieure de terrain",
                role="ingenieur",
                password=MDP,
                qui="tests",
            )


def _photo(path, largeur: int, hauteur: int, gps: bool = False) -> int:
    """A noisy JPEG (hard to compress, like a real photo) with camera metadata; returns its
    size. With ``gps``, an EXIF GPS position (EXIF_GPS)."""
    bruit = Image.frombytes(
        "RGB", (largeur // 8, hauteur // 8), os.urandom(largeur * hauteur * 3 // 64)
    )
    image = bruit.resize((largeur, hauteur), Image.Resampling.BICUBIC)
    exif = Image.Exif()
    exif[0x010F] = "Fabricant de test"  # Make
    exif[0x0110] = "Modèle secret"  # Model
    if gps:
        lat, lon = EXIF_GPS
        ifd = exif.get_ifd(0x8825)
        ifd[1], ifd[3] = "N", "E"
        ifd[2] = (44.0, 28.0, 12.0)
        ifd[4] = (1.0, 14.0, 24.0)
    image.save(path, "JPEG", quality=95, exif=exif.tobytes())
    return path.stat().st_size


@pytest.fixture(scope="module")
def photos(tmp_path_factory):
    folder = tmp_path_factory.mktemp("photos")
    made = []
    for i, (w, h, gps) in enumerate([(4000, 3000, True), (3000, 4000, False), (4000, 3000, False)]):
        path = folder / f"IMG_{i}.jpg"
        size = _photo(path, w, h, gps)
        assert size > 1_000_000, "la photo de test doit être lourde pour tester la réduction"
        made.append(path)
    return made


def _until(page, script: str, seconds: float = 20) -> None:
    """Poll ``script`` from here (page.wait_for_function evaluates strings, which the
    page's CSP forbids)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"toujours faux : {script}"
        page.wait_for_timeout(100)


def _login(page, base: str, email: str) -> None:
    page.fill("#email", email)
    page.fill("#mot_de_passe", MDP)
    page.click("main button[type=submit]")


def _phone(browser):
    return browser.new_context(
        locale="fr-FR",
        viewport={"width": 390, "height": 844},
        has_touch=True,
        geolocation=TELEPHONE,
        permissions=["geolocation"],
    )


def _start_visit(page) -> None:
    page.get_by_label("CAUE du Lot").check()
    page.get_by_label("Département du Lot").check()
    page.fill("#notes_visite", "Visite avec le maire, temps sec.")
    page.get_by_role("button", name="Commencer la visite").click()
    expect(page.locator("#visite-en-cours")).to_be_visible()


def _enter_item(page, nom: str, etat: str, photo=None) -> None:
    page.fill("#nom", nom)
    page.get_by_role("button", name="Suivant").click()  # no type yet: refused, step 1 stays
    expect(page.locator("#erreur-element")).to_contain_text("Choisissez le type")
    page.select_option("#type", "lavoir")
    page.get_by_role("button", name="Suivant").click()
    page.get_by_label(etat).check()
    page.get_by_role("button", name="Suivant").click()
    page.select_option("#usage", "sous_utilise")
    page.get_by_role("button", name="Suivant").click()
    if photo is not None:
        page.set_input_files("#photo", str(photo))
        expect(page.locator("#photo-etat")).to_contain_text("ajoutée")
    page.fill("#notes", f"Notes sur {nom}")
    page.get_by_role("button", name="Enregistrer l'élément").click()
    expect(page.locator("#nom")).to_have_value("")


def _stored(app, noms):
    with app.app_context():
        session = get_session()
        elements = session.exec(
            select(PatrimoineElement).where(PatrimoineElement.nom.in_(noms))
        ).all()
        photos = session.exec(
            select(PatrimoinePhoto).where(PatrimoinePhoto.element_id.in_([e.id for e in elements]))
        ).all()
        return [(e.nom, e.etat, e.visite_id, e.latitude, e.longitude) for e in elements], [
            (p.element_id, p.fichier, p.taille, p.largeur, p.hauteur, p.latitude, p.longitude)
            for p in photos
        ]


def test_visite_hors_ligne(browser, live_app, photos, artefacts):
    app, base = live_app
    _engineer(app, "terrain@lot.test")
    context = _phone(browser)
    page = context.new_page()
    page.goto(f"{base}/connexion?suivant=/patrimoine/visite/{CODE}")
    _login(page, base, "terrain@lot.test")
    expect(page.get_by_role("heading", name="Visite du patrimoine d'Albas")).to_be_visible()
    # The worker is active and has kept the page: it reloads without network.
    _until(page, "caches.open('va-visite-v1').then(c => c.match(location.href)).then(r => !!r)")
    assert _axe(page) == [] and _duplicate_ids(page) == []

    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("button", name="Commencer la visite")).to_be_visible()
    _start_visit(page)
    noms = ["Lavoir du Pech", "Four de Cabridens", "Croix de la Plane"]
    for nom, etat, photo in zip(noms, ["Mauvais", "En péril", "Moyen"], photos, strict=True):
        _enter_item(page, nom, etat, photo)
    expect(page.locator("#attente")).to_have_text("3 éléments en attente d'envoi.")
    assert _stored(app, noms) == ([], [])
    assert _overflow(page) is None
    assert _axe(page) == []
    page.screenshot(path=str(artefacts / "visite-hors-ligne-390.png"), full_page=True)

    # The first answer is lost on the way back (the server stored it): sent again, not doubled.
    lost = []

    def lose_first_answer(route):
        if not lost:
            lost.append(route.fetch().status)
            route.abort()
        else:
            route.continue_()

    page.route("**/envoi", lose_first_answer)
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#attente")).to_contain_text("tout est enregistré", timeout=60_000)
    assert lost == [200]

    elements, stored_photos = _stored(app, noms)
    assert sorted(e[0] for e in elements) == sorted(noms)
    assert {e[1] for e in elements} == {"mauvais", "peril", "moyen"}
    assert len({e[2] for e in elements}) == 1  # one visit
    assert len(stored_photos) == 3 and len({p[0] for p in stored_photos}) == 3
    with app.app_context():
        visites = (
            get_session()
            .exec(select(PatrimoineVisite).where(PatrimoineVisite.id == elements[0][2]))
            .all()
        )
        assert [v.participants for v in visites] == ['["departement", "caue"]']
        for _, fichier, taille, largeur, hauteur, lat, lon in stored_photos:
            assert taille <= 500_000 and max(largeur, hauteur) <= 1600
            data = pieces.path_of(fichier).read_bytes()
            image = Image.open(io.BytesIO(data))
            assert image.format == "JPEG" and not image.getexif()
            assert b"Fabricant" not in data and b"secret" not in data.lower()
            assert lat is not None and lon is not None
    by_name = {e[0]: e for e in elements}
    first = by_name["Lavoir du Pech"]
    assert first[3] == pytest.approx(EXIF_GPS[0], abs=1e-5)
    assert first[4] == pytest.approx(EXIF_GPS[1], abs=1e-5)
    # Without EXIF the item took the phone's position (no « Ma position » tapped).
    assert by_name["Four de Cabridens"][3] == pytest.approx(TELEPHONE["latitude"])
    expect(page.locator("#elements li.envoye")).to_have_count(3)

    # The saved visits, as the commune sees them too: thumbnails served, fits, axe clean.
    page.unroute("**/envoi")
    page.get_by_role("link", name="Visites enregistrées d'Albas").click()
    expect(page.get_by_role("heading", name="Visites du patrimoine d'Albas")).to_be_visible()
    vignettes = page.locator(".vignettes img")
    expect(vignettes).to_have_count(3)
    _until(
        page,
        "[...document.querySelectorAll('.vignettes img')].every(i => i.complete && i.naturalWidth > 0)",
    )
    assert _overflow(page) is None and _axe(page) == [] and _duplicate_ids(page) == []
    page.screenshot(path=str(artefacts / "visites-enregistrees-390.png"), full_page=True)
    # That list is never kept on the phone by the worker (names, notes, photos).
    assert not page.evaluate(
        "caches.open('va-visite-v1').then(c => c.match(location.href)).then(r => !!r)"
    )
    context.close()


def test_session_ended_then_fresh_login_sends_the_queue(browser, live_app, photos):
    app, base = live_app
    _engineer(app, "terrain2@lot.test")
    context = _phone(browser)
    page = context.new_page()
    page.goto(f"{base}/connexion?suivant=/patrimoine/visite/{CODE}")
    _login(page, base, "terrain2@lot.test")
    expect(page.get_by_role("button", name="Commencer la visite")).to_be_visible()
    context.set_offline(True)
    _start_visit(page)
    noms = ["Pigeonnier de Rivière Haute", "Halle de Saint-Martin"]
    _enter_item(page, noms[0], "Bon", photos[1])
    _enter_item(page, noms[1], "Mauvais")
    expect(page.locator("#attente")).to_have_text("2 éléments en attente d'envoi.")

    context.clear_cookies()  # the session ended (expired, or logged out elsewhere)
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    alerte = page.locator("#reconnexion")
    expect(alerte).to_be_visible()
    expect(alerte).to_contain_text("Reconnectez-vous pour envoyer les 2 éléments en attente")
    assert _stored(app, noms) == ([], [])
    expect(page.locator("#attente")).to_have_text("2 éléments en attente d'envoi.")

    alerte.get_by_role("link", name="Se reconnecter").click()
    expect(page).to_have_url(f"{base}/connexion?suivant=/patrimoine/visite/{CODE}")
    _login(page, base, "terrain2@lot.test")
    expect(page).to_have_url(f"{base}/patrimoine/visite/{CODE}")
    expect(page.locator("#attente")).to_contain_text("tout est enregistré", timeout=60_000)
    elements, stored_photos = _stored(app, noms)
    assert sorted(e[0] for e in elements) == sorted(noms)
    assert len(stored_photos) == 1
    context.close()


def test_the_phone_refuses_what_it_cannot_keep_and_shows_what_the_server_refused(
    browser, live_app, monkeypatch
):
    """A photo above 10 Mo and a file that is no image are refused on the phone; an item the
    server refuses (here: the commune's item limit) stays on the phone with the server's
    message, is not sent again, and can be deleted."""
    from dataclasses import replace

    from village_avenir.services.patrimoine import elements

    app, base = live_app
    _engineer(app, "terrain3@lot.test")
    context = _phone(browser)
    page = context.new_page()
    page.goto(f"{base}/connexion?suivant=/patrimoine/visite/{CODE}")
    _login(page, base, "terrain3@lot.test")
    _start_visit(page)
    page.fill("#nom", "Moulin de Ganil")
    expect(page.get_by_label("Précisez le type")).to_be_hidden()
    page.select_option("#type", "autre")
    page.get_by_role("button", name="Suivant").click()
    expect(page.locator("#erreur-element")).to_contain_text("précisez lequel")
    page.get_by_label("Précisez le type").fill("Moulin à eau fortifié")
    for _ in range(3):
        page.get_by_role("button", name="Suivant").click()
    lourde = {
        "name": "IMG_lourde.jpg",
        "mimeType": "image/jpeg",
        "buffer": b"\xff\xd8\xff" + b"0" * (11 * 1024 * 1024),
    }
    page.set_input_files("#photo", lourde)
    expect(page.locator("#photo-etat")).to_contain_text("Cette photo pèse 11,0 Mo : 10 Mo au plus")
    texte = {"name": "notes.jpg", "mimeType": "image/jpeg", "buffer": b"pas une image"}
    page.set_input_files("#photo", texte)
    expect(page.locator("#photo-etat")).to_contain_text("ne peut pas être lue par le navigateur")
    expect(page.locator("#photos li")).to_have_count(0)

    real = elements.load_parametres_patrimoine()  # the server runs in this process
    monkeypatch.setattr(
        elements, "load_parametres_patrimoine", lambda: replace(real, elements_max=0)
    )
    page.get_by_role("button", name="Enregistrer l'élément").click()
    refus = page.locator("#elements li.refuse")
    expect(refus).to_contain_text(
        "Moulin de Ganil : refusé — L'inventaire d'une commune compte au plus 0"
    )
    expect(page.locator("#attente")).to_contain_text("1 élément refusé par le serveur")
    assert _stored(app, ["Moulin de Ganil"]) == ([], [])
    page.once("dialog", lambda dialog: dialog.accept())
    refus.get_by_role("button", name="Supprimer « Moulin de Ganil » du téléphone").click()
    expect(page.locator("#elements li.refuse")).to_have_count(0)
    expect(page.locator("#attente")).to_contain_text("tout est enregistré")
    context.close()


def test_an_entry_waiting_for_one_commune_is_sent_from_another_communes_page(browser, live_app):
    app, base = live_app
    _engineer(app, "terrain4@lot.test")
    context = _phone(browser)
    page = context.new_page()
    page.goto(f"{base}/connexion?suivant=/patrimoine/visite/{CODE}")
    _login(page, base, "terrain4@lot.test")
    _start_visit(page)
    context.set_offline(True)
    _enter_item(page, "Caselle du Mas de Bouyssou", "Moyen")
    expect(page.locator("#attente")).to_have_text("1 élément en attente d'envoi.")
    page.route("**/envoi", lambda route: route.abort())  # the network drops again at once
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#reseau")).to_contain_text("Envoi interrompu")
    page.unroute("**/envoi")
    page.goto(f"{base}/patrimoine/visite/46003")  # the next village of the day
    expect(page.locator("#attente")).to_contain_text("tout est enregistré", timeout=60_000)
    elements, _ = _stored(app, ["Caselle du Mas de Bouyssou"])
    assert [(e[0], e[1]) for e in elements] == [("Caselle du Mas de Bouyssou", "moyen")]
    with app.app_context():
        row = (
            get_session()
            .exec(
                select(PatrimoineElement).where(
                    PatrimoineElement.nom == "Caselle du Mas de Bouyssou"
                )
            )
            .one()
        )
        assert row.code_insee == CODE
    context.close()
