"""The département map in a real browser (Debian Chromium), on a closed network."""

from urllib.parse import urlsplit

COMMUNES = "path.commune[data-code]"


def _fills(page) -> dict[str, str]:
    return page.eval_on_selector_all(
        COMMUNES,
        "els => Object.fromEntries(els.map(e => [e.dataset.code, e.getAttribute('fill')]))",
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
    page.click(".selecteur-carte button[type=submit]")
    page.wait_for_selector(COMMUNES)
    assert page.locator(COMMUNES).count() == 312
    population = _fills(page)
    changed = [code for code in population if population[code] != eligibility[code]]
    assert len(changed) > 100, changed
    assert len(set(population.values())) >= 4

    # Hover shows the tooltip with the name, INSEE code and value with its year.
    page.hover('path.commune[data-code="46042"]')
    tooltip = page.locator(".leaflet-tooltip").inner_text()
    assert "Cahors" in tooltip and "46042" in tooltip and "habitants" in tooltip
    page.screenshot(path=str(artefacts / "carte-departement-population.png"), full_page=True)

    # A click opens the commune sheet.
    page.click('path.commune[data-code="46042"]')
    page.wait_for_url(f"{base}/communes/46042")

    hosts = {urlsplit(u).hostname for u in page.requested}
    assert hosts == {"127.0.0.1"}, hosts


def test_epci_filter_and_print_layout(page, live_app, artefacts):
    _, base = live_app
    page.goto(f"{base}/carte")
    page.select_option("#epci", label="Communauté de communes Grand-Figeac")
    page.keyboard.press("Tab")
    page.click(".selecteur-carte button[type=submit]")
    page.wait_for_selector(COMMUNES)
    count = page.locator(COMMUNES).count()
    assert 50 < count < 312, count
    assert f"{count} communes" in page.locator("#resume").inner_text()
    page.emulate_media(media="print")
    assert not page.locator(".selecteur-carte").is_visible()
    assert page.locator(".legende").is_visible()
    page.screenshot(path=str(artefacts / "carte-epci-impression.png"), full_page=True)
    hosts = {urlsplit(u).hostname for u in page.requested}
    assert hosts == {"127.0.0.1"}, hosts
