"""Placing a plan action in the former commune of Pern (issue 24, item 1): it is inside
Pern-Lhospitalet since the commune got its whole outline, and no longer refused as « hors de
la commune »."""

import pytest
import shapely

from village_avenir.db import get_session
from village_avenir.domain.placement import from_lon_lat
from village_avenir.domain.planning import Need
from village_avenir.parametres import load_catalogue_actions
from village_avenir.services import plans as sp


@pytest.fixture
def session(loaded_fresh_app):
    with loaded_fresh_app.app_context():
        yield get_session()


def test_an_action_placed_at_pern_is_kept(session):
    needs = [Need("logement", "logements_vacants", 80, "visite du 12/11/2026")]
    version = sp.propose(session, "46172", needs, load_catalogue_actions(), qui="ing")
    cle = sp.actions_of(session, version)[0].cle
    pern = from_lon_lat(1.408, 44.334)  # in the former Pern, 25.9 km² missing before
    sp.place_action(session, "46172", cle, pern, qui="ing")
    placed = sp.actions_of(session, sp.current_version(session, "46172"))
    row = next(a for a in placed if a.cle == cle)
    assert shapely.from_wkb(row.geometry).equals(pern)
