"""No generated page references an external script or style: the app works on a closed network.

Walks every GET route of the app (anonymous, then logged in with each role), filling route
arguments with sample values from the test data, and inspects the HTML and CSS it serves:
``<script src>``, ``<link href>``, ``<style>``/``style=""`` ``url()`` and ``@import``, and
inline scripts. Routes whose arguments have no sample are listed in the failure message
when one of the known pages is missing from the walk.
"""

import re
from html.parser import HTMLParser

from tests.conftest import USERS, login

EXTERNAL = re.compile(r"""(?:https?:)?//[a-z0-9.-]+""", re.I)
CSS_REF = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"]?)((?:https?:)?//[^'")\s]+)""", re.I)
SAMPLES = {"code": "46001", "code_insee": "46001", "filename": "leaflet.css", "id": "1"}
EXTRA_QUERIES = [
    "/carte?couleur=population",
    "/carte?couleur=eligibilite&epci=200067361",
    "/carte/tableau?couleur=population&tri=valeur&ordre=desc",
    "/static/style.css",
    "/static/print.css",
    "/communes/46217",
]
MUST_VISIT = {
    "communes.liste",
    "communes.fiche",
    "cartes.departement",
    "cartes.tableau",
    "cartes.export_csv",
    "cartes.export_geojson",
    "auth.connexion",
    "api.communes",
    "assets.leaflet",
}


class AssetRefs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[str] = []
        self.inline_scripts: list[str] = []
        self.styles: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            if a.get("src"):
                self.refs.append(a["src"])
            self._in = "script"
        elif tag == "link" and a.get("href"):
            rel = (a.get("rel") or "").lower()
            if rel not in {"canonical", "alternate"}:
                self.refs.append(a["href"])
        elif tag == "style":
            self._in = "style"
        if a.get("style"):
            self.styles.append(a["style"])

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.inline_scripts.append(data)
        elif self._in == "style":
            self.styles.append(data)


def external_refs(body: str, mimetype: str) -> list[str]:
    if mimetype == "text/css":
        return CSS_REF.findall(body)
    parser = AssetRefs()
    parser.feed(body)
    found = [r for r in parser.refs if EXTERNAL.match(r)]
    found += [m for s in parser.styles for m in CSS_REF.findall(s)]
    found += [m.group(0) for s in parser.inline_scripts for m in re.finditer(r"https?://\S+", s)]
    return found


def urls(app):
    out, skipped = [], []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        if not all(arg in SAMPLES for arg in rule.arguments):
            skipped.append(rule.rule)
            continue
        values = {arg: SAMPLES[arg] for arg in rule.arguments}
        if rule.endpoint == "static":
            values["filename"] = "style.css"
        out.append((rule.endpoint, rule.build(values)[1]))
    return out, skipped


def walk(app, client):
    routes, skipped = urls(app)
    visited, problems = set(), {}
    for endpoint, url in routes + [("extra", u) for u in EXTRA_QUERIES]:
        response = client.get(url)
        if response.status_code != 200:
            continue
        visited.add(endpoint)
        if response.mimetype in {"text/html", "text/css"}:
            bad = external_refs(response.get_data(as_text=True), response.mimetype)
            if bad:
                problems[url] = bad
    return visited, problems, skipped


def test_no_page_references_an_external_script_or_style(users_app):
    visited_all = set()
    for who in [None, *USERS]:
        client = users_app.test_client()
        if who:
            assert login(client, who).status_code == 302
        visited, problems, skipped = walk(users_app, client)
        assert not problems, (who, problems)
        visited_all |= visited
    missing = MUST_VISIT - visited_all
    assert not missing, f"pages non visitées : {missing} ; routes sans exemple : {skipped}"


def test_the_checker_detects_external_references():
    """The walk above would fail on a page like this."""
    page = """<html><head>
      <script src="https://cdn.jsdelivr.net/npm/leaflet.js"></script>
      <link rel="stylesheet" href="//unpkg.com/leaflet.css">
      <style>@import url("https://fonts.googleapis.com/css");</style></head>
      <body style="background: url(http://x.org/a.png)">
      <script>var s = document.createElement('script'); s.src = 'https://d3js.org/d3.js';</script>
      <a href="https://www.insee.fr/">a link is fine</a></body></html>"""
    found = external_refs(page, "text/html")
    assert len(found) == 5, found
    assert not any("insee" in f for f in found)
    assert external_refs("a { background: url('https://x.org/i.png') }", "text/css")
    assert not external_refs('<script src="/vendor/leaflet/leaflet.js"></script>', "text/html")
