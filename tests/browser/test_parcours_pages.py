"""Every main page, for the public, a mayor, an engineer and an administrator, in Chromium:

- at 390 px wide, nothing overflows horizontally (``scrollWidth <= clientWidth``);
- axe-core (the copy shipped by the ``axe-playwright-python`` package, evaluated in the page:
  nothing is fetched from outside) reports no violation, whatever its impact;
- no two elements share an ``id``.

Each check collects every failing page before failing, so one run lists all of them.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import shapely
from sqlmodel import select

from tests.conftest import require
from village_avenir.db import get_session
from village_avenir.domain.planning import Need
from village_avenir.models import Commune, Courriel, Utilisateur
from village_avenir.parametres import load_catalogue_actions, load_regles
from village_avenir.services import campagnes
from village_avenir.services import plans as sp
from village_avenir.services.candidatures import dossiers as svc
from village_avenir.services.candidatures.dossiers import open_campaign
from village_avenir.services.comptes.utilisateurs import create_user

CODE = "46255"  # Saint-Cirgues: the mayor's commune of this walk
MDP = "mot-de-passe-parcours"
COMPTES = {
    "maire": ("parcours-maire@saint-cirgues.test", "commune", CODE),
    "ingenieur": ("parcours-ingenieur@lot.test", "ingenieur", None),
    "admin": ("parcours-admin@lot.test", "admin", None),
}
PUBLIC = [
    "/",
    "/communes",
    "/communes?q=st+cirgues",
    f"/communes/{CODE}",
    "/carte",
    "/carte/tableau",
    "/connexion",
    "/mentions-legales",
    "/accessibilite",
    "/donnees-personnelles",
]
PAGES = {
    "public": PUBLIC,
    "maire": [
        "/",
        "/candidatures",
        "/candidatures/{A}",
        "/candidatures/{A}/dossier",
        "/candidatures/nouvelle",
        f"/communes/{CODE}",
        f"/communes/{CODE}/plan",
        f"/communes/{CODE}/plan/impression",
        f"/communes/{CODE}/patrimoine",  # issue 22: the heritage inventory
        f"/communes/{CODE}/patrimoine/nouveau",
        "/accessibilite",
        "/communes/46138",  # issue 11: eligibility by version of the rules
    ],
    "ingenieur": [
        "/",
        "/candidatures",
        "/instruction/{A}",
        f"/communes/{CODE}",
        f"/communes/{CODE}/adhesions",
        f"/communes/{CODE}/plan",
        f"/communes/{CODE}/plan/proposer",
        f"/communes/{CODE}/plan/actions/{{K}}",
        "/diagnostic/classement",
        "/diagnostic/ponderation",
        "/diagnostic/instantanes",
        "/carte",
        "/carte?couleur=candidature",
        "/carte/tableau",
        # Pages added by issues 10, 11 and 15 after this walk was written.
        "/diagnostic/imports",
        "/adhesions/a-confirmer",
        "/communes/46138",
        "/instruction/{B}",
        "/campagnes/{PREPAREE}/commission",
        "/campagnes/{ARRETEE}/commission",
        f"/communes/{CODE}/patrimoine",  # issue 22: the heritage inventory
        f"/communes/{CODE}/patrimoine/{{P}}",
        "/patrimoine/imports",
    ],
    "admin": [
        "/",
        "/admin",
        "/admin/journal-des-comptes",
        "/admin/courriels",
        "/admin/courriels/{C}",
        "/campagnes/{ARRETEE}/commission",
    ],
}
# What a page must show for the walk to check what it means to check (roles left out: all).
ATTENDU = {
    f"/communes/{CODE}": ("[data-portrait]", ("maire", "ingenieur")),
    "/communes/46138": ("#selon-versions", ()),
    f"/communes/{CODE}/patrimoine": (".element-patrimoine .identite", ()),
    f"/communes/{CODE}/patrimoine/{{P}}": ("#form-element .folium-map", ()),
    "/instruction/{B}": ("#avis-motivation", ()),
    "/campagnes/{PREPAREE}/commission": ("#etat-seance[data-arrete='0'] ~ * #comparaison", ()),
    "/campagnes/{ARRETEE}/commission": ("#etat-seance[data-arrete='1'] ~ * #comparaison", ()),
}
AXE = None


def _axe_script() -> str:
    global AXE
    if AXE is None:
        try:
            import axe_playwright_python
        except ImportError:
            require(False, "axe-playwright-python absent : make (dépendance de développement)")
        AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
    return AXE


def _setup(app) -> dict:
    """Accounts, an open campaign, a deposited application of CODE and a placed plan action."""
    with app.test_request_context():
        session = get_session()
        for email, role, commune in COMPTES.values():
            if not session.exec(select(Utilisateur).where(Utilisateur.email == email)).first():
                create_user(
                    session,
                    email=email,
                    nom=f"Parcours {role}",
                    role=role,
                    password=MDP,
                    commune_code=commune,
                    qui="tests",
                )
        if open_campaign(session) is None:
            campagnes.create_campaign(
                session,
                nom="Appel à candidatures du parcours",
                ouverture=date.today() - timedelta(days=1),
                cloture=date.today() + timedelta(days=30),
                regles_version="2021-01",
                qui="tests",
            )
        cand = svc.start(session, code_insee=CODE, statut="eligible", raisons=[], qui="tests")
        needs = [Need("logement", "logements_vacants", 50, "visite")]
        version = sp.propose(
            session, CODE, needs, load_catalogue_actions(), qui="tests", remplacer=True
        )
        action = sp.actions_of(session, version)[0]
        centre = shapely.from_wkb(session.get(Commune, CODE).geometry).representative_point()
        sp.place_action(session, CODE, action.cle, centre, qui="tests")
        from village_avenir.services import patrimoine

        maire, ingenieur = (
            session.exec(select(Utilisateur).where(Utilisateur.email == COMPTES[r][0])).one()
            for r in ("maire", "ingenieur")
        )
        lavoir = patrimoine.create_element(session, CODE, {
            "nom": "Lavoir du parcours", "type": "lavoir", "etat": "peril", "date_etat": "12/05/2026",
            "longitude": centre.x, "latitude": centre.y}, ingenieur, client_uid="parcours-lavoir")  # fmt: skip
        patrimoine.create_element(
            session,
            CODE,
            {"nom": "Croix déclarée", "type": "croix"},
            maire,
            client_uid="parcours-croix",
        )
        out = {"A": cand.id, "K": action.cle, "P": lavoir.id, **_commission(app, session)}
        out["C"] = session.exec(select(Courriel.id).order_by(Courriel.id)).first()
        return out


# Two closed calls for applications of their own, so that the walk never touches the session
# of the open call that test_commission_browser drives on the same server.
COMMISSIONS = {"ARRETEE": 400, "PREPAREE": 300}  # opened that many days ago, for 30 days
COMMUNES_COMMISSION = ("46020", "46031")


def _commission(app, session) -> dict:
    """A committee prepared (PREPAREE) and one frozen (ARRETEE), each with two applications
    deposited while their call was open, instructed and given an opinion; B is one of them,
    still under instruction (the instruction page shows the opinion form)."""
    from tests.browser.test_commission_browser import CONTENU
    from tests.web.conftest import PDF
    from village_avenir.services import eligibilite
    from village_avenir.services.candidatures import avis, instruction
    from village_avenir.services.commission import seance as commission
    from village_avenir.views.commission.seance import opinion_map

    out = {}
    rules = load_regles()
    for cle, jours in COMMISSIONS.items():
        ouverture = date.today() - timedelta(days=jours)
        campagne = campagnes.create_campaign(
            session,
            nom=f"Appel du parcours ({cle.lower()})",
            ouverture=ouverture,
            cloture=ouverture + timedelta(days=30),
            regles_version="2021-01",
            qui="tests",
        )

        class _Jour(date):  # the call's opening week, for the deposit only
            @classmethod
            def today(cls, jour=ouverture + timedelta(days=1)):
                return jour

        cands = []
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(svc, "date", _Jour)
            for code in COMMUNES_COMMISSION:
                statut = eligibilite.assess(session, rules, code).eligibility.statut
                cand = svc.start(session, code_insee=code, statut=statut, raisons=[], qui="maire")
                svc.save_draft(
                    session,
                    cand,
                    contenu=CONTENU,
                    version_attendue=cand.version,
                    qui="maire",
                    piece=("deliberation.pdf", PDF),
                )
                svc.deposit(
                    session,
                    cand,
                    qui="maire",
                    role="commune",
                    statut=statut,
                    raisons=[],
                    version_attendue=cand.version,
                )
                cands.append(cand)
        for cand, sens in zip(cands, ("favorable", "reserve"), strict=True):
            instruction.transition(
                session, cand, cible="en_instruction", role="ingenieur", qui="tests"
            )
            avis.give_opinion(
                session, cand, avis=sens, motivation="Projet mûr", enjeux="Presbytère", qui="tests"
            )
        commission.save_session(
            session,
            campagne,
            date_seance=ouverture + timedelta(days=40),
            membres="M. le Président\nMme la rapporteure",
            ordre=[c.id for c in cands],
            qui="tests",
        )
        if cle == "ARRETEE":
            commission.freeze(session, campagne, rules, qui="tests", carte=opinion_map)
        out[cle] = campagne.id
    out["B"] = cands[0].id
    return out


@pytest.fixture(scope="module")
def ids(live_app):
    return _setup(live_app[0])


def _login(page, base, role):
    if role == "public":
        return
    page.goto(f"{base}/connexion")
    page.fill("#email", COMPTES[role][0])
    page.fill("#mot_de_passe", MDP)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def _walk(page, base, role, ids, check):
    """Opens every page of ``role`` and returns the list of (path, problem) found by check."""
    problems = []
    for template in PAGES[role]:
        path = template.format(**ids)
        response = page.goto(base + path)
        assert response.status < 400, f"{path} : {response.status}"
        page.wait_for_load_state("load")
        attendu, roles = ATTENDU.get(template, (None, ()))
        if attendu and (not roles or role in roles):
            assert page.locator(attendu).count(), f"{path} : {attendu} absent"
        found = check(page)
        if found:
            problems.append((path, found))
    return problems


def _overflow(page):
    width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if width[0] <= width[1]:
        return None
    wide = page.evaluate("""(() => { const out = [];
      for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.right > document.documentElement.clientWidth + 1 && r.width > 0) {
          const p = el.parentElement.getBoundingClientRect();
          if (p.right <= document.documentElement.clientWidth + 1)
            out.push(el.tagName + '.' + el.className + '#' + el.id + ':' + Math.round(r.right)); } }
      return out.slice(0, 6); })()""")
    return f"{width[0]} px pour {width[1]} px : " + ", ".join(wide)


def _axe(page):
    page.evaluate(_axe_script())
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}) : " + " | ".join(n["target"][0] for n in v["nodes"][:3])
        for v in result["violations"]
    ]


def _duplicate_ids(page):
    return page.evaluate(
        """(() => { const seen = {}, dup = [];
        for (const el of document.querySelectorAll('[id]')) {
          if (seen[el.id]) dup.push(el.id); seen[el.id] = true; }
        return dup; })()"""
    )


@pytest.mark.parametrize("largeur", [360, 390])
@pytest.mark.parametrize("role", list(PAGES))
def test_no_horizontal_overflow_on_a_phone(browser, live_app, ids, role, largeur, artefacts):
    app, base = live_app
    context = browser.new_context(locale="fr-FR", viewport={"width": largeur, "height": 800})
    page = context.new_page()
    _login(page, base, role)
    problems = _walk(page, base, role, ids, _overflow)
    page.screenshot(path=str(artefacts / f"parcours-{largeur}-{role}.png"), full_page=True)
    context.close()
    assert problems == [], "\n".join(map(str, problems))


def test_the_committee_opinion_column_shows_at_1366(browser, live_app, ids):
    """Issue 23 n° 5: « Avis » was the last column, hidden in the table's scroller."""
    app, base = live_app
    context = browser.new_context(locale="fr-FR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    _login(page, base, "ingenieur")
    page.goto(f"{base}/campagnes/{ids['ARRETEE']}/commission")
    heads = page.locator("#comparaison thead th").all_inner_texts()
    box = page.locator("#comparaison thead th", has_text="Avis").bounding_box()
    context.close()
    # Second column, whatever the number of domains and key figures the diagnosis adds.
    assert heads[1].startswith("Avis"), heads
    assert box is not None and box["x"] + box["width"] <= 1366, box


# A phone's browser (is_mobile): a page without the viewport meta is laid out 980 px wide
# there, which a desktop viewport of 390 px does not show (issue 23 n° 10).
TELEPHONE = {
    "maire": [
        f"/communes/{CODE}/plan/impression",
        f"/communes/{CODE}",
        "/candidatures/{A}/dossier",
    ],
    "admin": ["/admin/courriels/{C}", "/admin/courriels"],
}


@pytest.mark.parametrize("role", ["public", "maire"])
def test_the_sheet_on_a_phone_opens_on_its_verdict(browser, live_app, ids, role):
    """Issue 23 n° 12 (and n° 10: the header no longer pushes it below the fold)."""
    app, base = live_app
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 390, "height": 760}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    _login(page, base, role)
    page.goto(f"{base}/communes/{CODE}")
    verdict = page.locator("#verdict")
    box = verdict.bounding_box()
    text = verdict.inner_text()
    opened = page.locator("#provenance").get_attribute("open")
    listes_visibles = page.locator("[data-listes]").is_visible()
    page.locator("#provenance > summary").click()
    criteres = page.locator("table.criteres").is_visible()
    context.close()
    assert box is not None and box["y"] + box["height"] <= 760, box
    assert "candidater" in text or "à vérifier" in text, text
    assert opened is None and not listes_visibles  # provenance one tap away
    assert criteres


@pytest.mark.parametrize("role", list(TELEPHONE))
def test_no_overflow_in_a_phone_browser(browser, live_app, ids, role, artefacts):
    app, base = live_app
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    _login(page, base, role)
    problems = []
    for template in TELEPHONE[role]:
        path = template.format(**ids)
        assert page.goto(base + path).status < 400, path
        page.wait_for_load_state("load")
        layout = page.evaluate("document.documentElement.clientWidth")
        found = _overflow(page) or (f"mise en page sur {layout} px" if layout > 390 else None)
        if found:
            problems.append((path, found))
    page.screenshot(path=str(artefacts / f"telephone-{role}.png"), full_page=True)
    context.close()
    assert problems == [], "\n".join(map(str, problems))


@pytest.mark.parametrize("role", list(PAGES))
def test_axe_finds_nothing_and_ids_are_unique(browser, live_app, ids, role):
    app, base = live_app
    context = browser.new_context(locale="fr-FR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    _login(page, base, role)
    problems = _walk(page, base, role, ids, lambda p: _axe(p) + _duplicate_ids(p))
    context.close()
    assert problems == [], "\n".join(map(str, problems))


def _focused(page) -> str:
    return page.evaluate("document.activeElement.textContent.trim()")


def test_the_departement_map_is_crossed_in_five_tabs_or_fewer(page, live_app):
    """From the selector's button to the table link: the 312 shapes are no Tab stops, and the
    skip link jumps over the map in one Tab and Enter."""
    app, base = live_app
    page.goto(base + "/carte")
    page.wait_for_selector("path.commune")
    assert page.locator("path.commune[tabindex='-1']").count() == 312
    page.focus("form.selecteur-carte button[type=submit]")
    stops = []
    for _ in range(5):
        page.keyboard.press("Tab")
        stops.append(_focused(page))
        if stops[-1] == "Les mêmes données sous forme de tableau":
            break
    assert stops[-1] == "Les mêmes données sous forme de tableau", stops
    page.focus("form.selecteur-carte button[type=submit]")
    page.keyboard.press("Tab")
    assert _focused(page).startswith("Passer la carte")
    assert page.locator(".passer-carte").is_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert _focused(page) == "Les mêmes données sous forme de tableau"


def test_suggestions_appear_as_you_type(page, live_app):
    """« st cirg » typed in the list's search field: a link to Saint-Cirgues's sheet appears
    (script served locally, the page's CSP unchanged)."""
    app, base = live_app
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base + "/communes")
    page.locator("#q").press_sequentially("st cirg", delay=30)
    link = page.locator("#q-suggestions a", has_text="Saint-Cirgues")
    link.wait_for()
    assert link.get_attribute("href") == "/communes/46255"
    assert "1 commune correspond" in page.locator("#q-suggestions").inner_text()
    assert errors == []


def test_plan_map_shows_the_town_hall_and_a_metric_scale(page, live_app, ids, artefacts):
    app, base = live_app
    _login(page, base, "ingenieur")
    page.goto(f"{base}/communes/{CODE}/plan")
    page.wait_for_selector(".leaflet-marker-pane .marqueur-mairie")
    assert page.locator(".leaflet-marker-pane .marqueur-mairie").is_visible()
    scales = page.locator(".leaflet-control-scale-line")
    assert scales.count() == 1 and re.fullmatch(r"\d+ k?m", scales.inner_text().strip())
    page.screenshot(path=str(artefacts / "plan-mairie.png"))


def test_plan_map_stays_usable_when_the_base_map_fails(page, live_app, ids):
    """Base map on, every IGN tile refused (as on a closed network): the page says so and
    the outline, town hall and actions are still drawn. Nothing leaves the machine: the
    requests are answered by the browser itself."""
    app, base = live_app
    refused = []
    page.route("https://data.geopf.fr/**", lambda route: (refused.append(1), route.abort()))
    app.config["CARTE_PLAN_FOND"] = True
    try:
        _login(page, base, "ingenieur")
        page.goto(f"{base}/communes/{CODE}/plan")
        page.wait_for_selector("#fond-indisponible:not([hidden])")
    finally:
        app.config["CARTE_PLAN_FOND"] = False
    assert refused
    assert page.locator(".contour-commune").count() == 1
    assert page.locator(".leaflet-marker-pane .marqueur-mairie").count() == 1
    assert page.locator(".action").count() >= 1


def test_every_request_of_the_home_page_succeeds_favicon_included(page, live_app):
    app, base = live_app
    failed = []
    page.on("response", lambda r: failed.append((r.status, r.url)) if r.status >= 400 else None)
    page.goto(base + "/")
    page.wait_for_load_state("networkidle")
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert "favicon" in icon and page.request.get(base + icon).status == 200
    assert failed == []


def test_insufficient_data_table_fits_a_phone_and_axe_finds_nothing(browser, live_app, tmp_path):
    """The « données insuffisantes » table of /diagnostic/classement. The shared server holds the
    shipped figures, so every eligible commune is ranked there: the page is rendered by a second
    app whose base has no official file loaded (every eligible commune set apart), then shown
    in the browser at the shared server's address, with its styles and scripts."""
    from tests.chargement import load_departement
    from tests.conftest import csrf_token, make_app
    from village_avenir.db import create_schema, get_engine

    vide = make_app(f"sqlite:///{tmp_path / 'sans-indicateurs.sqlite3'}")
    email = COMPTES["ingenieur"][0]
    with vide.app_context():
        create_schema(get_engine())
        load_departement("46")
        create_user(
            get_session(), email=email, nom="Parcours", role="ingenieur", password=MDP, qui="tests"
        )
    client = vide.test_client()
    token = csrf_token(client, "/connexion")
    client.post("/connexion", data={"email": email, "mot_de_passe": MDP, "csrf_token": token})
    html = client.get("/diagnostic/classement").get_data(as_text=True)
    assert 'class="tableau insuffisants"' in html and 'data-code="46001"' in html
    url = live_app[1] + "/diagnostic/classement?base=sans-indicateurs"
    problems = []
    for largeur, check in ((390, _overflow), (1366, lambda p: _axe(p) + _duplicate_ids(p))):
        context = browser.new_context(locale="fr-FR", viewport={"width": largeur, "height": 800})
        page = context.new_page()
        page.route(url, lambda route: route.fulfill(body=html, content_type="text/html"))
        page.goto(url)
        page.wait_for_load_state("load")
        assert page.locator("table.insuffisants tbody tr").count() > 10
        problems += [(largeur, found)] if (found := check(page)) else []
        context.close()
    assert problems == [], "\n".join(map(str, problems))


def _import_preview_problems(browser, base, fichier, fmt, shown, then=None):
    """Preview ``fichier`` as ``fmt`` on /diagnostic/imports at 390 px (overflow) and 1366 px
    (axe, duplicate ids), waiting for ``shown``; ``then(page)`` adds checks. Never confirmed."""
    problems = []
    for largeur, check in ((390, _overflow), (1366, lambda p: _axe(p) + _duplicate_ids(p))):
        context = browser.new_context(locale="fr-FR", viewport={"width": largeur, "height": 800})
        page = context.new_page()
        _login(page, base, "ingenieur")
        page.goto(base + "/diagnostic/imports")
        page.select_option("#format", fmt)
        page.set_input_files("#fichier", str(fichier))
        page.get_by_role("button", name="Lire le fichier et voir l'aperçu").click()
        page.wait_for_selector(shown)
        if then:
            then(page)
        problems += [(largeur, found)] if (found := check(page)) else []
        context.close()
    return problems


def test_import_preview_fits_a_phone_and_axe_finds_nothing(browser, live_app, ids, tmp_path):
    """The preview step of /diagnostic/imports (answer to a POST, so out of the walk above): a
    file is read and previewed, never confirmed (nothing is imported)."""
    fichier = tmp_path / "logement.csv"
    fichier.write_text("CODGEO;P22_LOG;P22_LOGVAC\n46001;430;70\n99001;10;1\n", encoding="utf-8")
    problems = _import_preview_problems(
        browser, live_app[1], fichier, "insee-logement", "#apercu-import"
    )
    assert problems == [], "\n".join(map(str, problems))


def test_partial_import_preview_fits_a_phone_and_axe_finds_nothing(
    browser, live_app, ids, tmp_path
):
    """A two-line BPE file: the preview states its coverage and offers the « partiel » box
    (issue 24); it fits 390 px and axe finds nothing. Never confirmed."""
    fichier = tmp_path / "bpe23_ensemble.csv"
    fichier.write_text(
        "REG;DEP;DEPCOM;DCIRIS;AN;TYPEQU;NB_EQUIP\n76;46;46102;46102_0101;2023;D265;12\n"
        "76;46;46042;46042_0101;2023;D307;9\n",
        encoding="utf-8",
    )

    def coverage_stated(page):
        assert "le fichier couvre 2 communes sur 312" in page.inner_text("#import-couverture")
        assert page.get_by_label("Importer comme fichier partiel", exact=False).count() == 1

    problems = _import_preview_problems(
        browser, live_app[1], fichier, "bpe", "#import-couverture", coverage_stated
    )
    assert problems == [], "\n".join(map(str, problems))


def test_plan_removal_asks_first_on_a_phone_and_on_a_screen(browser, live_app, ids, artefacts):
    """The « Oui, supprimer du plan » step: it fits 390 px, axe finds nothing at 1366 px, the
    keyboard reaches the confirmation, and nothing is removed until it is pressed."""
    app, base = live_app
    path = f"{base}/communes/{CODE}/plan/actions/{ids['K']}"
    for largeur, check in ((390, _overflow), (1366, lambda p: _axe(p) + _duplicate_ids(p))):
        context = browser.new_context(locale="fr-FR", viewport={"width": largeur, "height": 800})
        page = context.new_page()
        _login(page, base, "ingenieur")
        page.goto(path)
        page.fill("#suppression-motif", "Projet repris par l'intercommunalité")
        page.click("text=Supprimer du plan…")
        page.wait_for_load_state()
        assert page.locator("#confirmer-suppression").is_visible() and page.evaluate(
            "document.getElementById('confirmer-suppression').getBoundingClientRect().top"
            " < window.innerHeight"
        ), "la confirmation doit apparaître à l'écran, sans défiler"
        assert page.locator("button:has-text('Oui, supprimer du plan')").count() == 1
        page.screenshot(path=str(artefacts / f"suppression-action-{largeur}.png"), full_page=True)
        assert check(page) in (None, []), check(page)
        context.close()
