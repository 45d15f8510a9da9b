"""The département map in a real browser (Debian Chromium), on a closed network."""

import re
from urllib.parse import urlsplit

COMMUNES = "path.commune[data-code]"


def _fills(page) -> dict[str, str]:
    return page.eval_on_selector_all(
        COMMUNES,
        "els => Object.fromEntries(els.map(e => [e.dataset.code, e.getAttribute('fill')]))",
    )


def point_inside(page, code: str) -> tuple[float, float]:
    """A viewport point where the commune's own path is the topmost element (its bounding
    box centre may fall in a neighbour, for a non-convex commune)."""
    return page.evaluate(
        """code => {
        const el = document.querySelector(`path.commune[data-code="${code}"]`);
        // Scroll the page, not the path: Leaflet resets any scroll of its own container.
        document.getElementById("carte").scrollIntoView();
        const b = el.getBoundingClientRect();
        for (let i = 1; i < 12; i++) for (let j = 1; j < 12; j++) {
          const x = b.left + b.width * i / 12, y = b.top + b.height * j / 12;
          if (document.elementFromPoint(x, y) === el) return [x, y];
        }
        return null;
      }""",
        code,
    )


def test_departement_map_draws_312_communes_and_switches_colouring(page, live_app, artefacts):
    _, base = live_app
    page.goto(f"{base}/carte")
    page.wait_for_selector(COMMUNES)
    assert page.locator(COMMUNES).count() == 312
    assert page.locator("path.contour-epci").count() >= 1
    eligibility = _fills(page)
    assert len(eligibility) == 312
    # Three statuses, three colours, matching the legend.
    legend = page.eval_on_selector_all(".legende li", "els => els.map(e => e.dataset.classe)")
    assert set(legend) >= {"eligible", "non_eligible", "a_verifier"}
    assert page.locator('path.commune[data-code="46102"]').get_attribute("data-classe") == (
        "non_eligible"
    )  # Figeac: Action cœur de ville
    assert "281 éligibles" in page.locator("#resume").inner_text()
    page.screenshot(path=str(artefacts / "carte-departement-eligibilite.png"), full_page=True)

    # The selector is a plain form: keyboard and no JavaScript needed.
    page.select_option("#couleur", "population")
    with page.expect_navigation():  # else the old page's paths would satisfy the wait
        page.click(".selecteur-carte button[type=submit]")
    page.wait_for_selector(COMMUNES)
    assert page.locator(COMMUNES).count() == 312
    population = _fills(page)
    changed = [code for code in population if population[code] != eligibility[code]]
    assert len(changed) > 100, changed
    assert len(set(population.values())) >= 4

    # Hover shows the tooltip with the name, INSEE code and value with its year.
    x, y = point_inside(page, "46042")
    page.mouse.move(x, y)
    assert page.locator(".leaflet-tooltip").count() == 1
    tooltip = page.locator(".leaflet-tooltip").inner_text()
    assert "Cahors" in tooltip and "46042" in tooltip and "habitants" in tooltip
    page.screenshot(path=str(artefacts / "carte-departement-population.png"), full_page=True)

    # A click opens the commune sheet.
    page.mouse.click(x, y)
    page.wait_for_url(f"{base}/communes/46042")

    hosts = {urlsplit(u).hostname for u in page.requested}
    assert hosts == {"127.0.0.1"}, hosts


def test_epci_filter_and_print_layout(page, live_app, artefacts):
    _, base = live_app
    page.goto(f"{base}/carte")
    page.select_option("#epci", label="Communauté de communes Grand-Figeac")
    page.keyboard.press("Tab")
    with page.expect_navigation():  # else the old page's paths would satisfy the wait
        page.click(".selecteur-carte button[type=submit]")
    page.wait_for_selector(COMMUNES)
    count = page.locator(COMMUNES).count()
    assert 50 < count < 312, count
    assert f"{count} communes" in page.locator("#resume").inner_text()
    page.emulate_media(media="print")
    assert not page.locator(".selecteur-carte").is_visible()
    assert page.locator(".legende").is_visible()
    page.screenshot(path=str(artefacts / "carte-epci-impression.png"), full_page=True)
    pdf = page.pdf(path=str(artefacts / "carte-epci.pdf"), format="A4", print_background=True)
    pages = re.findall(rb"/Type\s*/Page(?!s)", pdf)
    assert len(pages) == 1, "la carte, sa légende et ses sources tiennent sur une page A4"
    page.goto(f"{base}/carte")
    page.wait_for_selector(COMMUNES)
    pdf = page.pdf(
        path=str(artefacts / "carte-departement.pdf"), format="A4", print_background=True
    )
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
    hosts = {urlsplit(u).hostname for u in page.requested}
    assert hosts == {"127.0.0.1"}, hosts


def test_selector_works_with_the_keyboard_alone(page, live_app, artefacts):
    _, base = live_app
    page.goto(f"{base}/carte")
    for _ in range(25):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "couleur":
            break
    assert page.evaluate("document.activeElement.id") == "couleur"
    page.keyboard.press("ArrowDown")
    assert page.eval_on_selector("#couleur", "e => e.value") == "population"
    page.keyboard.press("Tab")  # EPCI
    page.keyboard.press("Tab")  # « Afficher »
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "couleur=population" in page.url
    page.wait_for_selector(COMMUNES)
    assert page.locator(".legende figcaption").inner_text() == "Population municipale"
    # The table alternative is one link away, sortable without JavaScript.
    with page.expect_navigation():
        page.click("text=Les mêmes données sous forme de tableau")
    with page.expect_navigation():
        page.click("th.valeur a")
    assert page.locator("tr[data-code]").count() == 312
    with page.expect_navigation():
        page.click("th.valeur a")
    assert page.locator("tr[data-code]").first.get_attribute("data-code") == "46042"  # Cahors
    page.screenshot(path=str(artefacts / "carte-tableau.png"))
