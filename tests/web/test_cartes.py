"""The public département map, its table, exports, bad input and the cache."""

import csv
import io
import json
import re
from html import unescape

import shapely
from shapely.geometry import shape
from sqlmodel import select

from tests.conftest import make_app
from village_avenir.db import get_session
from village_avenir.domain.eligibilite import Membership
from village_avenir.maps.cache import map_cache
from village_avenir.maps.departement import build_departement_map, display_shapes
from village_avenir.maps.layers import colouring
from village_avenir.models import Commune
from village_avenir.services import import_memberships
from village_avenir.services.audit import record
from village_avenir.services.transaction import transaction
from village_avenir.sources.programmes import MembershipRow

FIGEAC_EPCI = "200067361"  # Communauté de communes Grand-Figeac


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_map_page_is_public_with_summary_legend_and_links(client):
    page = html(client, "/carte")
    assert re.search(r"312 communes : \d+ éligibles, \d+ non éligibles, \d+ à vérifier\.", page)
    assert 'data-classe="eligible"' in page and "Éligible <span" in page
    assert 'href="/carte/tableau?couleur=eligibilite"' in page
    assert 'href="/carte/communes.csv?couleur=eligibilite"' in page
    assert 'href="/carte/communes.geojson?couleur=eligibilite"' in page
    assert '<select id="couleur" name="couleur">' in page  # a plain form, no JS needed
    assert page.count('{"type":"Feature"') == 312
    assert "L.tileLayer" not in page  # no base layer by default


def test_summary_counts_match_the_eligibility_list(client):
    page = html(client, "/carte")
    counts = [
        int(n) for n in re.search(r"(\d+) éligibles, (\d+) non éligibles, (\d+) à", page).groups()
    ]
    listing = html(client, "/communes")
    expected = [
        listing.count(f'data-statut="{s}"') for s in ("eligible", "non_eligible", "a_verifier")
    ]
    assert counts == expected and sum(counts) == 312


def test_switching_colouring_changes_legend(client):
    page = html(client, "/carte?couleur=population")
    assert "Population municipale" in page and "hab. et plus" in page
    assert 'data-classe="eligible"' not in page
    assert re.search(r"population municipale de \d+ à [\d\u202f]+ hab\., médiane", page)


def test_epci_filter(client):
    page = html(client, f"/carte?epci={FIGEAC_EPCI}")
    n = page.count('{"type":"Feature"')
    assert 50 < n < 312
    assert f"{n} communes :" in page
    assert "<h1>Carte des communes du Lot : Communauté de communes Grand-Figeac</h1>" in page
    assert '"c":"46102"' in page and '"c":"46042"' not in page  # Figeac in, Cahors out


def test_bad_parameters_are_refused_in_french(client):
    for url, message in [
        ("/carte?couleur=inconnue", "Aucune coloration « inconnue »"),
        ("/carte?epci=123", "Aucune intercommunalité du département n'a le code « 123 »"),
        ("/carte/tableau?tri=rien", "Tri inconnu"),
        ("/carte/communes.csv?couleur=x", "Aucune coloration"),
    ]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert message in unescape(response.get_data(as_text=True))


def rows(page):
    return re.findall(r'<tr data-code="(\d{5})">', page)


def test_table_alternative_sorts_server_side(client):
    page = html(client, "/carte/tableau?couleur=population&tri=valeur&ordre=desc")
    codes = rows(page)
    assert len(codes) == 312 and codes[0] == "46042"  # Cahors, the largest
    assert 'aria-sort="descending"' in page
    assert "tri=valeur&amp;ordre=asc" in page  # the next click reverses
    by_code = rows(html(client, "/carte/tableau?tri=code"))
    assert by_code == sorted(by_code)
    by_name = rows(html(client, "/carte/tableau?tri=nom&ordre=desc"))
    assert by_name[0] != by_code[0] and set(by_name) == set(by_code)


def test_csv_export_keyed_by_insee_code(client):
    response = client.get("/carte/communes.csv?couleur=eligibilite")
    assert response.mimetype == "text/csv"
    assert "communes-46-eligibilite.csv" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeffcode_insee;nom;")
    records = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(records) == 312 and len({r["code_insee"] for r in records}) == 312
    figeac = next(r for r in records if r["code_insee"] == "46102")
    assert figeac["valeur"] == "non_eligible" and figeac["libelle"] == "Non éligible"
    assert figeac["source"] and figeac["annee"]
    pop = client.get("/carte/communes.csv?couleur=population").get_data(as_text=True)
    assert re.search(r"^46042;Cahors;[^;]*;[^;]*;population;\d+;", pop, re.M)


def test_geojson_export_has_the_exact_geometry(app, client):
    response = client.get(f"/carte/communes.geojson?couleur=eligibilite&epci={FIGEAC_EPCI}")
    assert response.mimetype == "application/geo+json"
    body = json.loads(response.get_data(as_text=True))
    assert body["coloration"]["code"] == "eligibilite"
    by_code = {f["id"]: f for f in body["features"]}
    assert "46102" in by_code and "46042" not in by_code
    with app.app_context():
        stored = shapely.from_wkb(get_session().get(Commune, "46102").geometry)
    assert shape(by_code["46102"]["geometry"]).equals_exact(stored, 0)
    assert by_code["46102"]["properties"]["valeur"] == "non_eligible"


def test_display_geometry_is_a_light_valid_coverage(app):
    with app.test_request_context():
        shapes = display_shapes(get_session())
        communes = get_session().exec(select(Commune)).all()
        stored = {c.code_insee: shapely.from_wkb(c.geometry) for c in communes}
    shown = {code: shape(json.loads(text)["geometry"]) for code, text in shapes.features.items()}
    assert shapely.coverage_is_valid(list(shown.values()))
    assert sum(shapely.get_num_coordinates(g) for g in shown.values()) < 0.6 * sum(
        shapely.get_num_coordinates(g) for g in stored.values()
    )
    assert not any(shown[c].equals_exact(stored[c], 0) for c in ("46001", "46102"))


def test_cached_until_the_data_changes(loaded_fresh_app):
    app = loaded_fresh_app
    with app.test_request_context("/carte"):
        session = get_session()
        cache = map_cache()
        cache.clear()
        eligibilite = colouring("eligibilite")
        first = build_departement_map(session, eligibilite)
        misses = cache.misses
        assert build_departement_map(session, eligibilite) is first
        assert cache.misses == misses and cache.hits >= 1
        assert first.classified.values["46001"].value == "eligible"  # Albas
        wkb_before = session.get(Commune, "46001").geometry

        # An engineer records a certain membership of Albas: the next map is rebuilt.
        row = MembershipRow(
            "46001", Membership("pvd", "officiel", "Liste officielle de test", None, "2024"), 2
        )
        import_memberships(session, [row], qui="tests")
        second = build_departement_map(session, eligibilite)
        assert second is not first and cache.misses > misses
        assert second.classified.values["46001"].value == "non_eligible"
        assert session.get(Commune, "46001").geometry == wkb_before  # stored stays exact


def test_optional_tile_layer_from_config(tmp_path):
    from tests.chargement import load_departement
    from village_avenir.db import create_schema, get_engine

    app = make_app(f"sqlite:///{tmp_path / 'tuiles.sqlite3'}")
    app.config["CARTE_TUILES_URL"] = "https://tuiles.exemple.lot.fr/{z}/{x}/{y}.png"
    app.config["CARTE_TUILES_ATTRIBUTION"] = "© Département du Lot"
    with app.app_context():
        create_schema(get_engine())
        load_departement("46")
    page = app.test_client().get("/carte").get_data(as_text=True)
    assert "L.tileLayer" in page and "tuiles.exemple.lot.fr" in page
    assert json.dumps("© Département du Lot") in page  # as the JS option, escaped


def test_empty_referential_gives_a_clear_message(fresh_app):
    for url in ("/carte", "/carte/tableau", "/carte/communes.csv"):
        response = fresh_app.test_client().get(url)
        assert response.status_code == 404
        assert "Aucune commune n" in unescape(response.get_data(as_text=True))


def test_cache_follows_only_what_each_colouring_depends_on(loaded_fresh_app):
    """A draft saved (journal « candidature ») leaves the eligibility map cached, but rebuilds
    the application-state colouring; a membership change rebuilds the eligibility map but
    not the simplified shapes, which follow the referential only."""
    app = loaded_fresh_app
    with app.test_request_context("/carte"):
        session = get_session()
        map_cache().clear()
        eligibilite, etats = colouring("eligibilite"), colouring("candidature")
        first, first_etats = (build_departement_map(session, c) for c in (eligibilite, etats))
        shapes = display_shapes(session)

        with transaction(session):
            record(
                session,
                qui="tests",
                action="candidature:modification",
                objet="candidature",
                objet_id="1",
                code_insee="46001",
                apres={"projet_titre": "Halle"},
            )
        assert build_departement_map(session, eligibilite) is first
        assert build_departement_map(session, etats) is not first_etats

        row = MembershipRow(
            "46001", Membership("pvd", "officiel", "Liste officielle de test", None, "2024"), 2
        )
        import_memberships(session, [row], qui="tests")
        assert build_departement_map(session, eligibilite) is not first
        assert display_shapes(session) is shapes
