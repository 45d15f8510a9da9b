"""The plan preview on a fresh install's data (the Lot's referential and REAL shipped
indicators, as ``flask init-db`` loads them): the « done when » of issue 21 items 1, 2, 6,
the ``flask plans-apercu`` command (nothing saved); the benchmark's small mode runs in
tests/test_scripts.py."""

from __future__ import annotations

import csv
import statistics
from collections import Counter

import pytest
from sqlalchemy import func
from sqlmodel import select

from tests.chargement import load_departement, load_indicateurs
from tests.conftest import make_app
from village_avenir.db import create_schema, drop_schema, get_engine, get_session
from village_avenir.domain.planning import PATRIMOINE_A_EVALUER
from village_avenir.models import Journal, PlanAction, PlanVersion
from village_avenir.services.plans.apercu import COLONNES, preview_plans


@pytest.fixture(scope="module")
def lot_app(tmp_path_factory):
    app = make_app("sqlite:///" + str(tmp_path_factory.mktemp("apercu") / "lot.sqlite3"))
    with app.app_context():
        drop_schema(get_engine())
        create_schema(get_engine())
        load_departement("46")
        assert load_indicateurs("46"), "indicateurs livrés non chargés"
    yield app
    app.extensions["village_avenir.engine"].dispose()


@pytest.fixture(scope="module")
def apercus(lot_app):
    with lot_app.app_context():
        return {ap.code_insee: ap for ap in preview_plans(get_session())}


def test_every_ranked_commune_gets_a_preview(apercus):
    assert len(apercus) > 250  # 286 ranked communes with the shipped data


def test_no_action_is_proposed_to_more_than_half_of_the_communes(apercus):
    counts = Counter(a.action_id for ap in apercus.values() for a in ap.plan.actions)
    action, most = counts.most_common(1)[0]
    assert most <= len(apercus) / 2, action


def test_at_least_twelve_different_actions_are_used(apercus):
    used = {a.action_id for ap in apercus.values() for a in ap.plan.actions}
    assert len(used) >= 12


def test_a_long_term_line_in_at_least_80_percent_of_plans(apercus):
    with_long = sum(not ap.plan.sans_long_terme for ap in apercus.values())
    assert with_long >= 0.8 * len(apercus)
    for ap in apercus.values():  # the plan says so when it has none
        if ap.plan.sans_long_terme:
            assert any("long terme" in n for n in ap.plan.notes)


def test_median_total_under_8000_euros_per_inhabitant(apercus):
    per_hab = [ap.totaux.total[1] / ap.population for ap in apercus.values()]
    assert statistics.median(per_hab) < 8000


def test_saint_hilaire_total_under_800_keuros_and_sized_to_65_inhabitants(apercus):
    sh = apercus["46269"]
    assert 0 < sh.totaux.total[1] < 800_000
    ids = {a.action_id for a in sh.plan.actions}
    assert "srv-multiservice" not in ids  # never the full shop for 65 inhabitants
    if any(a.besoin == "commerce" for a in sh.plan.actions):  # the small variant, if any
        assert "srv-epicerie-associative" in ids


def test_no_vacancy_action_for_cieurac(apercus):
    cieurac = apercus["46070"]
    assert not [a for a in cieurac.plan.actions if a.besoin == "logements_vacants"]
    assert any(a.besoin == "croissance_demographique" for a in cieurac.plan.actions)


def test_bouzies_gets_a_line_on_second_homes(apercus):
    assert any(a.besoin == "residences_secondaires" for a in apercus["46037"].plan.actions)


def test_saint_cirq_lapopie_says_heritage_is_to_be_assessed(apercus):
    plan = apercus["46256"].plan
    assert plan.patrimoine_a_evaluer and any(PATRIMOINE_A_EVALUER in n for n in plan.notes)
    assert not any(a.action_id.startswith("pat-restauration") for a in plan.actions)


def test_every_line_cites_its_figures_and_its_cost_source(apercus):
    for ap in apercus.values():
        for a in ap.plan.actions:
            assert a.preuves and "seuil retenu" in a.source_besoin, a.action_id
            assert "source :" in a.regle and 0 <= a.cout_min <= a.cout_max


def _counts(app):
    with app.app_context():
        s = get_session()
        return [
            s.exec(select(func.count()).select_from(t)).one()
            for t in (PlanVersion, PlanAction, Journal)
        ]


def test_flask_plans_apercu_writes_the_csv_and_saves_nothing(lot_app, apercus, tmp_path):
    before = _counts(lot_app)
    out = tmp_path / "apercu.csv"
    result = lot_app.test_cli_runner().invoke(args=["plans-apercu", "--sortie", str(out)])
    assert result.exit_code == 0, result.output
    assert f"{len(apercus)} communes classées" in result.output
    assert _counts(lot_app) == before
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    assert tuple(rows[0]) == COLONNES
    assert {"code_insee", "population", "action", "horizon", "cout_min", "cout_max"} <= set(rows[0])
    assert {r["code_insee"] for r in rows} == set(apercus)
    for code, ap in apercus.items():
        mine = [r for r in rows if r["code_insee"] == code]
        if ap.plan.actions:
            assert [r["action"] for r in mine] == [a.libelle for a in ap.plan.actions]
        else:
            assert len(mine) == 1 and mine[0]["action"] == "" and mine[0]["horizon"] == ""
    assert {r["horizon"] for r in rows} <= {"court", "moyen", "long", ""}
    assert all(r["cout_min"].isdigit() for r in rows if r["action"])


def test_an_unwritable_output_is_refused_in_french(lot_app, tmp_path):
    result = lot_app.test_cli_runner().invoke(
        args=["plans-apercu", "--sortie", str(tmp_path / "absent" / "apercu.csv")]
    )
    assert result.exit_code != 0 and "Impossible d'écrire" in result.output


def test_propose_for_one_commune_and_a_proposal_with_named_heritage_items(lot_app, apercus):
    from village_avenir.domain.patrimoine import ElementPatrimoine
    from village_avenir.parametres import load_catalogue_actions
    from village_avenir.services import plans
    from village_avenir.services.plans.apercu import propose_for

    with lot_app.app_context():
        session = get_session()
        plan, totaux = propose_for(session, "46256")
        assert [a.action_id for a in plan.actions] == [
            a.action_id for a in apercus["46256"].plan.actions
        ]
        assert totaux.total == apercus["46256"].totaux.total
        church = ElementPatrimoine(
            "l'église Saint-Cirq", "eglise", "mh_classe", "peril", "commune", "en_usage"
        )
        version = plans.propose(
            session, "46256", plan.needs, load_catalogue_actions(), qui="tests", patrimoine=[church]
        )
        labels = [a.libelle for a in plans.actions_of(session, version)]
    assert "Diagnostic sanitaire de l'église Saint-Cirq" in labels
    assert "Restauration de l'église Saint-Cirq" in labels


def test_the_communes_validated_inventory_items_feed_its_plan(lot_app):
    """A validated inventory item of the commune (issue 22's table) names its heritage lines;
    an item still waiting for validation does not."""
    from village_avenir.models import PatrimoineElement
    from village_avenir.services.plans.apercu import propose_for

    with lot_app.app_context():
        session = get_session()
        session.add_all([
            PatrimoineElement(code_insee="46037", nom="Lavoir du bourg", type="lavoir",
                              etat="mauvais", proprietaire="commune", usage="en_usage",
                              source="visite", cree_par="tests"),
            PatrimoineElement(code_insee="46037", nom="la croix du chemin", type="croix",
                              etat="peril", proprietaire="commune", usage="en_usage",
                              source="declaration", statut="propose", cree_par="tests"),
        ])  # fmt: skip
        session.commit()
        plan, _ = propose_for(session, "46037")
    labels = [a.libelle for a in plan.actions]
    assert "Restauration de Lavoir du bourg" in labels
    assert not any("croix du chemin" in x for x in labels)
    assert not plan.patrimoine_a_evaluer
