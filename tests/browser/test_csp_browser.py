"""The Content-Security-Policy in a real browser: the maps draw and Chromium reports no
violation (no blocked inline script, style or external origin) on the département map, a
commune plan map and the action placement page. A deliberate violation is detected, so
the listener can fail."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_plan_browser import CODE, EMAIL, PASSWORD, _setup

# Recorded from the first script of every page (before the page's own scripts run).
LISTENER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture
def watched(page):
    """The page, with CSP violations collected from events and from the console."""
    page.context.add_init_script(LISTENER)
    page.console_csp = []
    page.on(
        "console",
        lambda m: "Content Security Policy" in m.text and page.console_csp.append(m.text),
    )
    return page


def violations(page) -> list[str]:
    return page.evaluate("window.__csp") + page.console_csp


def _login(page, base):
    page.goto(f"{base}/connexion")
    page.fill("#email", EMAIL)
    page.fill("#mot_de_passe", PASSWORD)
    page.click("form button[type=submit]")


def test_departement_map_draws_without_any_csp_violation(watched, live_app):
    _, base = live_app
    response = watched.goto(f"{base}/carte")
    assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
    watched.wait_for_selector("path.commune[data-code]")
    assert watched.locator("path.commune[data-code]").count() == 312
    assert watched.locator(".legende svg.pastille rect[fill]").count() >= 3
    assert violations(watched) == []


def test_plan_map_and_placement_page_without_any_csp_violation(watched, live_app):
    app, base = live_app
    _setup(app)
    _login(watched, base)
    watched.goto(f"{base}/communes/{CODE}/plan")
    watched.wait_for_selector(".leaflet-control-layers-overlays")
    assert watched.locator(".contour-commune").count() == 1
    counts = {h: watched.locator(f".action-{h}").count() for h in ("court", "moyen", "long")}
    assert counts == {"court": 1, "moyen": 1, "long": 1}
    # The map's size comes from style.css now that folium's inline <style> is left out.
    assert watched.locator(".carte-plan .folium-map").bounding_box()["height"] > 300
    watched.locator(".action-moyen").first.hover(force=True)  # tooltip bound from JSON text
    assert "OPAH" in watched.locator(".leaflet-tooltip").inner_text()
    assert violations(watched) == []

    watched.click("tr[data-action='log-renovation-energetique'] a")  # the action placement page
    watched.wait_for_selector(".contour-commune")
    assert re.search(r"/plan/actions/\d+$", watched.url)
    carte = watched.locator(".carte-plan .folium-map")
    box = carte.bounding_box()
    carte.click(position={"x": box["width"] * 0.15, "y": box["height"] / 2})
    # The page's own inline script (with the nonce) ran: the click filled the coordinates.
    assert "," in watched.input_value("#longitude")
    assert violations(watched) == []


def test_the_listener_reports_a_blocked_inline_script(watched, live_app):
    _, base = live_app
    watched.goto(f"{base}/communes/{CODE}")
    watched.evaluate(
        """() => { const s = document.createElement("script");
        s.textContent = "window.__ran = true;"; document.body.appendChild(s); }"""
    )
    watched.wait_for_function("window.__csp.length > 0")
    assert watched.evaluate("window.__ran === undefined")
    assert any("script-src" in v for v in violations(watched))
