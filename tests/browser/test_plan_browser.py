"""The commune plan map in a real browser: one layer per horizon, toggled from the layer
control, on a closed network (no request outside 127.0.0.1)."""

from __future__ import annotations

from urllib.parse import urlsplit

import shapely
from sqlmodel import select

from village_avenir.db import get_session
from village_avenir.domain.planning import Need
from village_avenir.models import Commune, Utilisateur
from village_avenir.parametres import load_catalogue_actions
from village_avenir.services import plans as sp
from village_avenir.services.comptes.utilisateurs import create_user

CODE = "46001"
EMAIL, PASSWORD = "ingenieur-plans@lot.test", "mot-de-passe-plans"


def _setup(app):
    """An engineer and a plan with one placed action per horizon (point, area, point)."""
    with app.test_request_context():
        session = get_session()
        if not session.exec(select(Utilisateur).where(Utilisateur.email == EMAIL)).first():
            create_user(
                session,
                email=EMAIL,
                nom="Ingénieur plans",
                role="ingenieur",
                password=PASSWORD,
                qui="tests",
            )
        needs = [
            Need("logement", "logements_vacants", 50, "visite"),
            Need("logement", "habitat_degrade", 50, "visite"),
        ]
        version = sp.propose(
            session, CODE, needs, load_catalogue_actions(), qui="tests", remplacer=True
        )
        actions = {a.action_id: a.cle for a in sp.actions_of(session, version)}
        commune = shapely.from_wkb(session.get(Commune, CODE).geometry)
        centre = commune.representative_point()
        north, south = (shapely.Point(centre.x, centre.y + d) for d in (0.01, -0.01))
        places = {
            "log-prime-vacants": centre,  # court
            "log-opah": centre.buffer(0.004).intersection(commune),  # moyen, an area
            "log-habitat-indigne": north if commune.contains(north) else south,  # long
        }
        for action_id, geom in places.items():
            sp.place_action(session, CODE, actions[action_id], geom, qui="tests")


def test_plan_map_layers_toggle(page, live_app, artefacts):
    app, base = live_app
    _setup(app)
    page.goto(f"{base}/connexion")
    page.fill("#email", EMAIL)
    page.fill("#mot_de_passe", PASSWORD)
    page.click("form button[type=submit]")
    page.goto(f"{base}/communes/{CODE}/plan")
    page.wait_for_selector(".leaflet-control-layers-overlays")
    labels = page.locator(".leaflet-control-layers-overlays label")
    assert labels.count() == 3
    texts = labels.all_inner_texts()
    assert [t.split(" (")[0].strip() for t in texts] == ["Court terme", "Moyen terme", "Long terme"]
    assert page.locator(".contour-commune").count() == 1
    counts = {h: page.locator(f".action-{h}").count() for h in ("court", "moyen", "long")}
    assert counts == {"court": 1, "moyen": 1, "long": 1}

    court = labels.nth(0).locator("input")
    court.uncheck()
    assert page.locator(".action-court").count() == 0
    assert page.locator(".action-moyen").count() == 1 and page.locator(".action-long").count() == 1
    page.screenshot(path=str(artefacts / "plan-albas-court-masque.png"), full_page=True)
    court.check()
    assert page.locator(".action-court").count() == 1

    page.locator(".action-court").first.click(force=True)
    page.wait_for_selector(".leaflet-popup-content")
    popup = page.locator(".leaflet-popup-content").inner_text()
    assert "Aide à la remise sur le marché" in popup and "Logements vacants" in popup
    page.screenshot(path=str(artefacts / "plan-albas.png"), full_page=True)
    hosts = {urlsplit(u).hostname for u in page.requested}
    assert hosts == {"127.0.0.1"}, hosts


def test_print_page_renders_on_a4(page, live_app, artefacts):
    app, base = live_app
    _setup(app)
    page.goto(f"{base}/connexion")
    page.fill("#email", EMAIL)
    page.fill("#mot_de_passe", PASSWORD)
    page.click("form button[type=submit]")
    page.goto(f"{base}/communes/{CODE}/plan/impression")
    page.wait_for_selector(".action-long")
    page.emulate_media(media="print")
    assert page.locator(".non-imprime").count() == 2
    assert not any(e.is_visible() for e in page.locator(".non-imprime").all())
    assert not page.locator(".leaflet-control-layers").is_visible()
    assert page.locator(".legende").is_visible() and page.locator("#tableau-actions").is_visible()
    page.screenshot(path=str(artefacts / "plan-albas-impression.png"), full_page=True)
    pdf = page.pdf(path=str(artefacts / "plan-albas.pdf"), prefer_css_page_size=True)
    # A4 portrait is 595 × 842 points; the page tree records it as the MediaBox.
    assert b"/MediaBox [0 0 594.95996 841.91998]" in pdf or b"/MediaBox [0 0 595" in pdf
    assert {urlsplit(u).hostname for u in page.requested} == {"127.0.0.1"}


def test_clicking_the_map_fills_the_coordinates(page, live_app):
    app, base = live_app
    _setup(app)
    page.goto(f"{base}/connexion")
    page.fill("#email", EMAIL)
    page.fill("#mot_de_passe", PASSWORD)
    page.click("form button[type=submit]")
    page.goto(f"{base}/communes/{CODE}/plan")
    page.click("tr[data-action='log-renovation-energetique'] a")  # not placed yet
    page.wait_for_selector(".contour-commune")
    assert page.input_value("#longitude") == ""
    carte = page.locator(".carte-plan .folium-map")
    box = carte.bounding_box()
    carte.click(position={"x": box["width"] * 0.15, "y": box["height"] / 2})  # west: outside
    lon, lat = page.input_value("#longitude"), page.input_value("#latitude")
    assert "," in lon and "," in lat
    page.click("#form-placement button[type=submit]")
    assert "hors de la commune de Albas" in page.locator("#erreur-placement").inner_text()
    assert (page.input_value("#longitude"), page.input_value("#latitude")) == (lon, lat)
    assert {urlsplit(u).hostname for u in page.requested} == {"127.0.0.1"}
