"""Plan pages: every route × role, CSRF on every POST, placement refusals, exports, print page.

Permissions (documented in views/plans/pages.py): engineers and admins see and edit every plan; a
commune user sees their own commune's plan read-only; other communes and the public see none.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
import shapely

from tests.conftest import csrf_token, login
from village_avenir.db import get_session
from village_avenir.domain.planning import Need
from village_avenir.models import Commune, PlanVersion
from village_avenir.parametres import load_catalogue_actions
from village_avenir.services import plans as sp

CODE = "46001"  # Albas: the « commune » user's own commune
P = f"/communes/{CODE}/plan"
GETS_READ = [P, f"{P}/versions/1", f"{P}.geojson", f"{P}.csv", f"{P}/impression"]
GETS_EDIT = [f"{P}/proposer", f"{P}/actions/1"]


def posts(session):
    """(path, valid form data) of every POST route."""
    point = shapely.from_wkb(session.get(Commune, CODE).geometry).representative_point()
    return [
        (f"{P}/actions", {"action_id": "srv-tiers-lieu", "horizon": "", "version": "1"}),
        (f"{P}/actions/1/modifier", {"budget": "12000", "porteur": "Commune", "statut": "engagee", "version": "1"}),
        (f"{P}/actions/1/horizon", {"horizon": "long", "version": "1"}),
        (f"{P}/actions/1/placer", {"longitude": str(point.x).replace(".", ","), "latitude": str(point.y), "version": "1"}),
        (f"{P}/actions/1/supprimer", {"motif": "test", "version": "1", "confirmer": "oui"}),
        (f"{P}/proposer", {"b_commerce": "55", "source": "visite", "remplacer": "y", "version": "1"}),
    ]  # fmt: skip


@pytest.fixture
def plan_app(users_app):
    with users_app.app_context():
        needs = [
            Need("logement", "logements_vacants", 80, "visite"),
            Need("services", "commerce", 50, "visite"),
        ]
        sp.propose(get_session(), CODE, needs, load_catalogue_actions(), qui="tests")
    return users_app


def versions(app):
    with app.app_context():
        return [v.numero for v in sp.list_versions(get_session(), CODE)]


def test_anonymous_is_sent_to_login_everywhere(plan_app):
    client = plan_app.test_client()
    for path in GETS_READ + GETS_EDIT:
        response = client.get(path)
        assert response.status_code == 302 and "/connexion" in response.location, path
    token = csrf_token(client, "/connexion")
    with plan_app.app_context():
        routes = posts(get_session())
    for path, data in routes:
        response = client.post(path, data={**data, "csrf_token": token})
        assert response.status_code == 302 and "/connexion" in response.location, path
    assert versions(plan_app) == [1]


@pytest.mark.parametrize(
    ("who", "read", "edit"),
    [
        ("commune", 200, 403),
        ("commune_autre", 403, 403),
        ("ingenieur", 200, 200),
        ("admin", 200, 200),
    ],
)
def test_every_route_for_each_role(plan_app, who, read, edit):
    client = plan_app.test_client()
    login(client, who)
    for path in GETS_READ:
        assert client.get(path).status_code == read, path
    for path in GETS_EDIT:
        assert client.get(path).status_code == edit, path
    token = csrf_token(client, P if read == 200 else "/communes")
    with plan_app.app_context():
        routes = posts(get_session())
    for i, (path, data) in enumerate(routes):
        data = {**data, "version": str(versions(plan_app)[0]), "csrf_token": token}
        response = client.post(path, data=data)
        if edit == 200:
            assert response.status_code == 302, (path, response.get_data(as_text=True)[-2000:])
            assert versions(plan_app)[0] == i + 2, path
        else:
            assert response.status_code == 403, path
    if edit != 200:
        assert versions(plan_app) == [1]


def test_every_post_refuses_a_missing_csrf_token(plan_app):
    client = plan_app.test_client()
    login(client, "ingenieur")
    with plan_app.app_context():
        routes = posts(get_session())
    for path, data in routes:
        response = client.post(path, data=data)
        assert response.status_code == 400, path
        assert "jeton CSRF" in response.get_data(as_text=True)
    assert versions(plan_app) == [1]


def test_removal_asks_first_then_removes_with_the_reason(plan_app):
    client = plan_app.test_client()
    login(client, "ingenieur")
    token = csrf_token(client, f"{P}/actions/1")
    data = {"csrf_token": token, "version": "1", "motif": "Projet abandonné"}
    response = client.post(f"{P}/actions/1/supprimer", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and versions(plan_app) == [1]  # nothing removed yet
    assert "Oui, supprimer du plan" in html and "Non, la garder" in html
    assert 'name="confirmer" type="hidden" value="oui"' in html
    assert 'name="motif" value="Projet abandonné"' in html  # the reason is carried over
    response = client.post(f"{P}/actions/1/supprimer", data={**data, "confirmer": "oui"})
    assert response.status_code == 302 and versions(plan_app) == [2, 1]
    with plan_app.app_context():
        current = sp.current_version(get_session(), CODE)
        assert all(a.cle != 1 for a in sp.actions_of(get_session(), current))


def test_placement_outside_keeps_the_input_and_writes_nothing(plan_app):
    client = plan_app.test_client()
    login(client, "ingenieur")
    token = csrf_token(client, f"{P}/actions/1")
    data = {"csrf_token": token, "version": "1", "longitude": "1,6", "latitude": "44,9"}
    response = client.post(f"{P}/actions/1/placer", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Le point est hors de la commune de Albas" in html
    assert 'value="1,6"' in html and 'value="44,9"' in html
    geojson = '{"type": "LineString", "coordinates": [[1.2, 44.4], [1.3, 44.5]]}'
    response = client.post(f"{P}/actions/1/placer", data={**data, "geojson": geojson})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "non acceptée" in html
    assert "LineString" in html  # the text area still holds what was typed
    response = client.post(f"{P}/actions/1/placer", data={**data, "longitude": "abc"})
    assert response.status_code == 400 and "nombres décimaux" in response.get_data(as_text=True)
    assert versions(plan_app) == [1]


def test_area_placement_then_exports(plan_app):
    client = plan_app.test_client()
    login(client, "ingenieur")
    with plan_app.app_context():
        geom = shapely.from_wkb(get_session().get(Commune, CODE).geometry)
        area = geom.representative_point().buffer(0.002)
    token = csrf_token(client, f"{P}/actions/2")
    response = client.post(
        f"{P}/actions/2/placer",
        data={"csrf_token": token, "version": "1", "geojson": shapely.to_geojson(area)},
    )
    assert response.status_code == 302
    gj = client.get(f"{P}.geojson")
    assert gj.mimetype == "application/geo+json"
    body = gj.get_json()
    assert body["code_insee"] == CODE and len(body["features"]) == 4
    placed = [f for f in body["features"] if f["geometry"]]
    assert len(placed) == 1 and placed[0]["geometry"]["type"] == "Polygon"
    assert placed[0]["properties"]["cle"] == 2 and placed[0]["properties"]["version"] == 2
    text = client.get(f"{P}.csv").get_data(as_text=True)
    assert text.startswith("\ufeffcode_insee;")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 4 and {r["code_insee"] for r in rows} == {CODE}
    assert rows[1]["geometrie_wkt"].startswith("POLYGON") and "ANAH" in rows[1]["financeurs"]


def test_plan_page_map_table_summary_and_history(plan_app):
    client = plan_app.test_client()
    login(client, "commune")
    html = client.get(P).get_data(as_text=True)
    assert "Le plan d&#39;Albas (version 1" in html and "4 actions" in html
    assert html.count("L.featureGroup") == 3 and "L.control.layers" in html
    for label in (
        "Court terme (0 à 2 ans)",
        "Moyen terme (2 à 5 ans)",
        "Long terme (5 à 10 ans et plus)",
    ):
        assert label in html
    assert 'id="tableau-actions"' in html and "Logements vacants en centre-bourg" in html
    assert "Modifier, déplacer, placer" not in html  # read-only for the commune
    assert "Ajouter l'action" not in html


def test_old_version_is_viewable_as_it_was(plan_app):
    client = plan_app.test_client()
    login(client, "ingenieur")
    token = csrf_token(client, f"{P}/actions/1")
    client.post(
        f"{P}/actions/1/modifier",
        data={"csrf_token": token, "version": "1", "budget": "77000", "statut": "prevue"},
    )
    assert "77\u202f000 €" in client.get(P).get_data(as_text=True)
    old = client.get(f"{P}/versions/1").get_data(as_text=True)
    assert "n'est plus la version actuelle" in old and "77\u202f000" not in old
    assert client.get(f"{P}/versions/9").status_code == 404


def test_bad_inputs_give_french_errors_not_500(plan_app):
    client = plan_app.test_client()
    login(client, "ingenieur")
    token = csrf_token(client, f"{P}/actions/1")
    r = client.post(
        f"{P}/actions/1/modifier",
        data={"csrf_token": token, "budget": "-3", "statut": "prevue", "version": "1"},
    )
    assert r.status_code == 400 and "Budget de 0" in r.get_data(as_text=True)
    r = client.post(
        f"{P}/actions/1/horizon", data={"csrf_token": token, "horizon": "demain", "version": "1"}
    )
    assert r.status_code == 400
    r = client.post(
        f"{P}/actions/1/horizon", data={"csrf_token": token, "horizon": "long", "version": "0"}
    )
    assert r.status_code == 409 and "modifié entre-temps" in r.get_data(as_text=True)
    r = client.post(
        f"{P}/proposer",
        data={"csrf_token": token, "b_commerce": "150", "source": "x", "version": "1"},
    )
    assert r.status_code == 400 and "de 0 (aucun besoin) à 100" in r.get_data(as_text=True)
    r = client.post(
        f"{P}/proposer",
        data={"csrf_token": token, "b_commerce": "50", "source": "x", "version": "1"},
    )
    assert r.status_code == 400 and "Remplacer le plan actuel" in r.get_data(as_text=True)
    assert client.get("/communes/46999/plan").status_code == 404
    assert client.get(f"{P}/actions/99").status_code == 404
    assert versions(plan_app) == [1]


def test_print_page_is_a4_and_complete(plan_app):
    client = plan_app.test_client()
    login(client, "ingenieur")
    html = client.get(f"{P}/impression").get_data(as_text=True)
    assert "/static/print-plan.css" in html
    assert "Plan stratégique d&#39;Albas" in html and "Légende" in html
    assert "Sources et dates des données" in html and "Catalogue des actions : version" in html
    assert "ANAH" in html and "Court terme (0 à 2 ans)" in html
    css = client.get("/static/print-plan.css").get_data(as_text=True)
    assert re.search(r"@page\s*\{\s*size:\s*A4", css) and "@media print" in css


def test_no_plan_page_references_an_external_script_or_style(plan_app):
    client = plan_app.test_client()
    login(client, "ingenieur")
    for path in [P, f"{P}/versions/1", f"{P}/impression", f"{P}/proposer", f"{P}/actions/1"]:
        html = client.get(path).get_data(as_text=True)
        refs = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
        assert refs and all(r.startswith("/") for r in refs), (path, refs)
        assert not re.search(r"https?://", html), path


def test_sheet_section_only_for_allowed_users(plan_app):
    client = plan_app.test_client()
    for who in (None, "commune_autre"):
        if who:
            login(client, who)
        html = client.get(f"/communes/{CODE}").get_data(as_text=True)
        assert "Plan stratégique" not in html
        assert "Plan : proposition" not in html and "plan 46001" not in html  # history too
    client = plan_app.test_client()
    login(client, "commune")
    html = client.get(f"/communes/{CODE}").get_data(as_text=True)
    assert 'id="titre-plan"' in html and "Le plan d&#39;Albas (version 1" in html
    assert "Plan : proposition" in html  # journal entry shown in the sheet's history


def test_no_plan_yet(users_app):
    client = users_app.test_client()
    login(client, "ingenieur")
    html = client.get("/communes/46003/plan").get_data(as_text=True)
    assert "pas encore de plan stratégique" in html and "Proposer un plan" in html
    assert client.get("/communes/46003/plan.csv").status_code == 404
    token = csrf_token(client, "/communes/46003/plan/proposer")
    r = client.post(
        "/communes/46003/plan/proposer",
        data={"csrf_token": token, "b_sante": "90", "source": "ARS", "version": "0"},
    )
    assert r.status_code == 302
    with users_app.app_context():
        v = (
            get_session()
            .exec(
                __import__("sqlmodel").select(PlanVersion).where(PlanVersion.code_insee == "46003")
            )
            .one()
        )
        assert json.loads(v.besoins) == [
            {"domaine": "services", "besoin": "sante", "intensite": 90, "source": "ARS"}
        ]


def test_proposal_form_is_prefilled_with_the_last_needs(plan_app):
    client = plan_app.test_client()
    login(client, "ingenieur")
    html = client.get(f"{P}/proposer").get_data(as_text=True)
    assert re.search(r'id="b_logements_vacants"[^>]*value="80"', html)
    assert re.search(r'id="b_commerce"[^>]*value="50"', html)
    assert re.search(r'id="source"[^>]*value="visite"', html)
    assert 'id="b_sante"' in html and not re.search(r'id="b_sante"[^>]*value="\d', html)


def test_the_plan_shows_its_total_per_inhabitant_against_the_reference_capacity(plan_app):
    """Issue 21 n° 2: per inhabitant and beside the capacity of the commune's size band
    (capacites.toml), flagged when above; the figures are computed here from the stored rows."""
    from village_avenir.parametres import load_capacites

    client = plan_app.test_client()
    login(client, "ingenieur")
    with plan_app.app_context():
        s = get_session()
        population = s.get(Commune, CODE).population
        version = sp.current_version(s, CODE)
        rows = sp.actions_of(s, version)
    lo = sum(r.cout_min for r in rows if r.cout_min is not None)
    band = load_capacites().tranche(population)
    html = client.get(P).get_data(as_text=True)
    shown = re.search(r"<p class=\"capacite[^\"]*\" data-capacite>(.*?)</p>", html, re.S)
    assert shown, "ni coût par habitant ni capacité de référence sur la page du plan"
    text = " ".join(shown.group(1).split())
    per_hab = re.search(r"Soit ([\d  ]+) €", text).group(1)
    assert int(re.sub(r"\D", "", per_hab)) == round(lo / population)
    capacite = band.euros_par_habitant_an * population * 10  # 2 + 3 + 5 years
    assert re.sub(r"\D", "", f"{capacite:,}") in re.sub(r"[  ]", "", text)
    assert band.source in text and band.annee in text
    assert ("au-dessus de la capacité" in text) == (lo > capacite)
