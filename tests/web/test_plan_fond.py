"""Plan maps with context: the town hall, a metric scale, and IGN's Plan IGN v2 base map
(on by default, off in the tests and on closed networks: VILLAGE_AVENIR_FOND_PLAN=0)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import login
from village_avenir.db import get_session
from village_avenir.domain.planning import Need
from village_avenir.parametres import load_catalogue_actions
from village_avenir.services import plans as sp

IGN = "https://data.geopf.fr"


def _plan(app):
    with app.test_request_context():
        needs = [Need("logement", "logements_vacants", 60, "visite")]
        sp.propose(get_session(), "46001", needs, load_catalogue_actions(), qui="tests")


def _page(app):
    client = app.test_client()
    assert login(client, "ingenieur").status_code == 302
    return client.get("/communes/46001/plan")


def _img_src(resp) -> str:
    policy = resp.headers["Content-Security-Policy"]
    return re.search(r"img-src ([^;]+)", policy).group(1)


def test_off_in_tests_the_map_shows_the_town_hall_and_a_metric_scale(users_app):
    _plan(users_app)
    resp = _page(users_app)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and IGN not in html
    assert IGN not in resp.headers["Content-Security-Policy"]
    assert "marqueur-mairie" in html and "Mairie d&#39;Albas" in html  # legend
    assert (
        'bindTooltip("Mairie d\\u0026#39;Albas \\u2014 30 place Ernest-Lafon 46140 Albas"' in html
    )
    assert "L.control.scale({imperial: false" in html
    assert "L.control.scale()" not in html  # folium's own scale shows miles


@pytest.fixture
def fond_app(users_app):
    users_app.config["CARTE_PLAN_FOND"] = True
    yield users_app
    users_app.config["CARTE_PLAN_FOND"] = False


def test_on_the_ign_tiles_are_in_the_markup_and_only_in_img_src(fond_app):
    _plan(fond_app)
    resp = _page(fond_app)
    html = resp.get_data(as_text=True)
    policy = resp.headers["Content-Security-Policy"]
    assert IGN in _img_src(resp)
    assert policy.count(IGN) == 1  # images only: no script, style or connection to IGN
    assert "LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2" in html and "TILEMATRIX={z}" in html
    assert "Plan IGN v2 © IGN" in html
    assert 'id="fond-indisponible" class="message info" hidden' in html
    assert "once('tileerror'" in html
    # Other pages carry the same policy: one origin more, for images only.
    assert IGN in _img_src(fond_app.test_client().get("/communes"))


def test_a_bad_base_map_url_is_refused_at_start_naming_its_setting(tmp_path):
    from village_avenir import create_app
    from village_avenir.web.http import TuilesUrlInvalide

    cfg = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'f.sqlite3'}", "TESTING": True}
    with pytest.raises(TuilesUrlInvalide, match="VILLAGE_AVENIR_FOND_PLAN_URL"):
        create_app({**cfg, "CARTE_PLAN_FOND": True, "CARTE_PLAN_FOND_URL": "ftp://x/{z}"})
    create_app(
        {**cfg, "CARTE_PLAN_FOND": False, "CARTE_PLAN_FOND_URL": "ftp://x/{z}"}
    )  # off: unused
