"""The commune list and sheet in a real browser, on a closed network."""

from urllib.parse import urlsplit


def test_list_search_and_open_a_sheet(page, live_app, artefacts):
    _, base = live_app
    page.goto(f"{base}/communes")
    assert page.locator("tr[data-code]").count() == 312
    page.fill("#q", "gramat")
    page.click("button[type=submit]")
    assert page.locator("tr[data-code]").count() == 1
    page.click("text=Gramat")
    assert page.locator("#eligibilite").get_attribute("data-statut") == "non_eligible"
    page.screenshot(path=str(artefacts / "fiche-gramat.png"), full_page=True)
    hosts = {urlsplit(u).hostname for u in page.requested}
    assert hosts == {"127.0.0.1"}, hosts
