"""Plan services on both backends: versions, journal before/after, one transaction each."""

from __future__ import annotations

import json

import pytest
import shapely
from sqlmodel import func, select

from village_avenir.db import get_session
from village_avenir.domain.planning import Need
from village_avenir.models import Commune, Journal, PlanAction, PlanVersion
from village_avenir.parametres import load_catalogue_actions
from village_avenir.services import plans as sp

CAT = load_catalogue_actions()
NEEDS = [
    Need("logement", "logements_vacants", 80, "visite du 12/11/2026"),
    Need("services", "commerce", 50, "visite du 12/11/2026"),
    Need("patrimoine", "espaces_publics", 20, "visite du 12/11/2026"),
]


def counts(session):
    return (
        session.exec(select(func.count()).select_from(PlanVersion)).one(),
        session.exec(select(func.count()).select_from(PlanAction)).one(),
        session.exec(select(func.count()).select_from(Journal)).one(),
    )


def inside_point(session, code="46001"):
    return shapely.from_wkb(session.get(Commune, code).geometry).representative_point()


@pytest.fixture
def session(loaded_fresh_app):
    with loaded_fresh_app.app_context():
        yield get_session()


def test_proposal_creates_version_one_with_the_need_chain(session):
    v = sp.propose(session, "46001", NEEDS, CAT, qui="ing@lot.test")
    assert (v.numero, v.catalogue_version) == (1, CAT.version)
    actions = sp.actions_of(session, v)
    assert [a.action_id for a in actions] == [
        "log-prime-vacants",
        "log-opah",
        "srv-marche",
        "srv-multiservice",
    ]
    assert {a.besoin for a in actions} == {"logements_vacants", "commerce"}
    assert actions[1].horizon == "court" and actions[1].intensite == 80
    assert json.loads(v.besoins)[0]["source"] == "visite du 12/11/2026"
    entry = session.exec(select(Journal).where(Journal.action == "plan:proposition")).one()
    assert entry.code_insee == "46001" and "log-opah" in entry.apres


def test_second_proposal_needs_confirmation_and_writes_nothing(session):
    sp.propose(session, "46001", NEEDS, CAT, qui="ing")
    before = counts(session)
    with pytest.raises(sp.PlanInvalide, match="Remplacer le plan actuel"):
        sp.propose(session, "46001", NEEDS[:1], CAT, qui="ing")
    assert counts(session) == before
    v2 = sp.propose(session, "46001", NEEDS[:1], CAT, qui="ing", remplacer=True)
    assert v2.numero == 2 and len(sp.actions_of(session, v2)) == 2
    assert len(sp.actions_of(session, sp.get_version(session, "46001", 1))) == 4


def test_each_edit_is_a_new_version_and_old_ones_stay(session):
    sp.propose(session, "46001", NEEDS, CAT, qui="ing")
    cle = sp.actions_of(session, sp.current_version(session, "46001"))[0].cle
    sp.move_action(session, "46001", cle, "long", qui="ing", version_attendue=1)
    sp.update_action(
        session,
        "46001",
        cle,
        budget=42000,
        porteur="Commune d'Albas",
        statut="engagee",
        qui="ing",
        version_attendue=2,
    )
    sp.place_action(session, "46001", cle, inside_point(session), qui="ing")
    sp.add_action(session, "46001", "srv-tiers-lieu", CAT, qui="ing", horizon="court")
    sp.remove_action(session, "46001", cle, qui="ing", motif="doublon")
    versions = sp.list_versions(session, "46001")
    assert [v.numero for v in versions] == [6, 5, 4, 3, 2, 1]
    by_version = {v.numero: {a.cle: a for a in sp.actions_of(session, v)} for v in versions}
    assert by_version[1][cle].horizon == "court" and by_version[1][cle].budget is None
    assert by_version[2][cle].horizon == "long"
    assert (by_version[3][cle].budget, by_version[3][cle].statut) == (42000, "engagee")
    assert by_version[3][cle].geometry is None and by_version[4][cle].geometry is not None
    assert any(a.action_id == "srv-tiers-lieu" for a in by_version[5].values())
    assert cle not in by_version[6] and len(by_version[6]) == 4
    journal = session.exec(
        select(Journal).where(Journal.objet == "plan").order_by(Journal.id)
    ).all()
    assert [j.action for j in journal] == [
        "plan:proposition",
        "plan:deplacement",
        "plan:modification",
        "plan:placement",
        "plan:ajout",
        "plan:suppression",
    ]
    move = journal[1]
    assert json.loads(move.avant)["horizon"] == "court"
    assert json.loads(move.apres)["horizon"] == "long"
    edit = journal[2]
    assert json.loads(edit.avant) == {
        "cle": cle,
        "libelle": by_version[1][cle].libelle,
        "budget": None,
        "porteur": None,
        "statut": "prevue",
    }
    assert json.loads(edit.apres)["budget"] == 42000
    assert journal[5].motif == "doublon"


def test_placement_outside_is_refused_and_nothing_written(session):
    sp.propose(session, "46001", NEEDS, CAT, qui="ing")
    before = counts(session)
    far = shapely.from_wkb(session.get(Commune, "46042").geometry).representative_point()
    with pytest.raises(
        sp.PlacementInvalide, match="hors de la commune d'Albas|hors de la commune de Albas"
    ):
        sp.place_action(session, "46001", 1, far, qui="ing")
    assert counts(session) == before
    assert sp.current_version(session, "46001").numero == 1


def test_stale_version_conflict_and_bad_values(session):
    sp.propose(session, "46001", NEEDS, CAT, qui="ing")
    sp.move_action(session, "46001", 1, "long", qui="ing", version_attendue=1)
    before = counts(session)
    with pytest.raises(sp.PlanConflit, match="modifié entre-temps"):
        sp.move_action(session, "46001", 1, "moyen", qui="ing", version_attendue=1)
    with pytest.raises(sp.PlanInvalide, match="Statut inconnu"):
        sp.update_action(session, "46001", 1, budget=1, porteur="", statut="fini", qui="ing")
    with pytest.raises(sp.PlanInvalide, match="Budget"):
        sp.update_action(session, "46001", 1, budget=-5, porteur="", statut="prevue", qui="ing")
    with pytest.raises(sp.PlanInvalide, match="Rien n'a changé"):
        sp.move_action(session, "46001", 1, "long", qui="ing")
    with pytest.raises(sp.ActionIntrouvable):
        sp.remove_action(session, "46001", 999, qui="ing")
    with pytest.raises(sp.PlanInvalide, match="déjà dans le plan"):
        sp.add_action(session, "46001", "log-opah", CAT, qui="ing")
    with pytest.raises(sp.PlanIntrouvable):
        sp.add_action(session, "99999", "log-opah", CAT, qui="ing")
    assert counts(session) == before
