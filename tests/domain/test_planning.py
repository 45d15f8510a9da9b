"""Plan proposal rules (rule table on a small hand-made catalogue) and the shipped catalogue."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from village_avenir.config import DATA_DIR
from village_avenir.domain.planning import (
    HORIZONS,
    CatalogueError,
    Need,
    PlanningError,
    catalogue_from_mapping,
    earlier,
    propose_plan,
)
from village_avenir.domain.planning_costs import alternatives, total_range
from village_avenir.parametres import load_catalogue_actions

BASE = {
    "version": {"code": "test-1", "en_vigueur_depuis": date(2026, 1, 1), "reference": "catalogue de test"},
    "regles": {"seuil_retenu": 40, "seuil_prioritaire": 70, "max_actions_par_besoin": 2},
    "financeurs": {"dep": "Département", "anah": "ANAH"},
    "besoins": {
        "vacance": {"domaine": "logement", "libelle": "Logements vacants"},
        "commerce": {"domaine": "services", "libelle": "Pas de commerce"},
    },
    "actions": [
        {"id": "a-court", "libelle": "A court", "besoin": "vacance", "horizon": "court",
         "cout_min": 1, "cout_max": 2, "financeurs": ["anah"], "reference": "r"},
        {"id": "a-moyen", "libelle": "A moyen", "besoin": "vacance", "horizon": "moyen",
         "cout_min": 1, "cout_max": 2, "financeurs": ["anah", "dep"], "reference": "r"},
        {"id": "a-long", "libelle": "A long", "besoin": "vacance", "horizon": "long",
         "cout_min": 1, "cout_max": 2, "financeurs": ["dep"], "reference": "r"},
        {"id": "c-long", "libelle": "C long", "besoin": "commerce", "horizon": "long",
         "cout_min": 5, "cout_max": 9, "financeurs": ["dep"], "reference": "r"},
    ],
}  # fmt: skip
CAT = catalogue_from_mapping(BASE)


def vacance(intensite: int) -> Need:
    return Need("logement", "vacance", intensite, "visite")


# intensity of « vacance » → expected (action id, horizon) list, max 2 actions per need
RULES = [
    (0, []),
    (39, []),
    (40, [("a-court", "court"), ("a-moyen", "moyen")]),
    (69, [("a-court", "court"), ("a-moyen", "moyen")]),
    (70, [("a-court", "court"), ("a-moyen", "court")]),
    (100, [("a-court", "court"), ("a-moyen", "court")]),
]


@pytest.mark.parametrize(("intensite", "expected"), RULES)
def test_rule_table(intensite, expected):
    plan = propose_plan([vacance(intensite)], CAT)
    assert [(a.action_id, a.horizon) for a in plan.actions] == expected
    for a in plan.actions:
        assert (a.besoin, a.intensite, a.source_besoin) == ("vacance", intensite, "visite")


def test_priority_brings_long_to_medium_and_says_why():
    plan = propose_plan([Need("services", "commerce", 85, "entretien")], CAT)
    (action,) = plan.actions
    assert action.horizon == "moyen"
    assert "prioritaire" in action.regle and "Long terme" in action.regle
    assert propose_plan([Need("services", "commerce", 60, "x")], CAT).actions[0].horizon == "long"


def test_max_actions_per_need_and_grouping_by_horizon():
    data = copy.deepcopy(BASE)
    data["regles"]["max_actions_par_besoin"] = 3
    plan = propose_plan(
        [vacance(50), Need("services", "commerce", 50, "x")], catalogue_from_mapping(data)
    )
    groups = plan.by_horizon()
    assert [a.action_id for a in groups["court"]] == ["a-court"]
    assert [a.action_id for a in groups["moyen"]] == ["a-moyen"]
    assert sorted(a.action_id for a in groups["long"]) == ["a-long", "c-long"]
    assert list(groups) == list(HORIZONS)


def test_earlier():
    assert [earlier(h) for h in ("court", "moyen", "long")] == ["court", "court", "moyen"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("logement", "vacance", 101, "x"), "hors de l'échelle"),
        (("logement", "vacance", -1, "x"), "hors de l'échelle"),
        (("logement", "vacance", True, "x"), "entier"),
        (("logement", "vacance", 50.5, "x"), "entier"),
        (("culture", "vacance", 50, "x"), "Domaine inconnu"),
        (("logement", "vacance", 50, "  "), "source"),
    ],
)
def test_invalid_needs_are_refused(args, message):
    with pytest.raises(PlanningError, match=message):
        Need(*args)


def test_unknown_duplicate_or_misfiled_needs_are_refused():
    with pytest.raises(PlanningError, match="inconnu"):
        propose_plan([Need("logement", "inconnu", 50, "x")], CAT)
    with pytest.raises(PlanningError, match="relève du domaine"):
        propose_plan([Need("services", "vacance", 50, "x")], CAT)
    with pytest.raises(PlanningError, match="deux fois"):
        propose_plan([vacance(50), vacance(60)], CAT)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("actions", 0, "horizon"), "bientot", "Horizon inconnu"),
        (("actions", 0, "financeurs"), ["fee"], "Financeur inconnu"),
        (("actions", 0, "cout_min"), 10, "incohérente"),
        (("actions", 0, "besoin"), "absent", "Besoin inconnu"),
        (("actions", 1, "id"), "a-court", "deux fois"),
        (("besoins", "vacance", "domaine"), "culture", "Domaine inconnu"),
        (("regles", "seuil_retenu"), 80, "Seuils incohérents"),
    ],
)
def test_inconsistent_catalogue_is_refused(path, value, message):
    data = copy.deepcopy(BASE)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(CatalogueError, match=message):
        catalogue_from_mapping(data)


def test_missing_field_is_named():
    data = copy.deepcopy(BASE)
    del data["actions"][2]["reference"]
    with pytest.raises(CatalogueError, match="« reference » manquant \\(action a-long\\)"):
        catalogue_from_mapping(data)


def test_shipped_catalogue_is_consistent_and_covers_every_need():
    cat = load_catalogue_actions()
    assert cat.version and cat.reference
    assert {b.domaine for b in cat.besoins.values()} == {"patrimoine", "logement", "services"}
    for code in cat.besoins:
        assert any(a.besoin == code for a in cat.actions), f"aucune action pour {code}"
    for a in cat.actions:
        assert a.financeurs and a.reference and 0 < a.cout_min <= a.cout_max
    assert "indicatives" in (DATA_DIR / "parametres" / "actions.toml").read_text().lower()


SHIPPED = load_catalogue_actions()


@given(st.dictionaries(st.sampled_from(sorted(SHIPPED.besoins)), st.integers(0, 100)))
def test_every_proposed_action_answers_a_retained_need(intensities):
    needs = [Need(SHIPPED.besoins[c].domaine, c, i, "test") for c, i in intensities.items()]
    plan = propose_plan(needs, SHIPPED)
    ids = [a.action_id for a in plan.actions]
    assert len(ids) == len(set(ids))
    for a in plan.actions:
        assert intensities[a.besoin] >= SHIPPED.seuil_retenu
        assert SHIPPED.action(a.action_id).besoin == a.besoin
        usual = SHIPPED.action(a.action_id).horizon
        expected = earlier(usual) if intensities[a.besoin] >= SHIPPED.seuil_prioritaire else usual
        assert a.horizon == expected
    for code, i in intensities.items():
        n = sum(1 for a in plan.actions if a.besoin == code)
        assert n <= SHIPPED.max_actions_par_besoin
        if i >= SHIPPED.seuil_retenu:  # alternatives (same « choix ») count once
            answers = [a for a in SHIPPED.actions if a.besoin == code]
            distinct = len({a.choix or a.id for a in answers})
            assert n == min(SHIPPED.max_actions_par_besoin, distinct)


def test_alternatives_are_offered_not_both_proposed_and_costs_scale_with_size():
    needs = [Need("services", "sante", 80, "t"), Need("logement", "logements_vacants", 50, "t")]
    small = propose_plan(needs, SHIPPED, 125)
    big = propose_plan(needs, SHIPPED, 2000)
    ids = [a.action_id for a in small.actions]
    assert "srv-cabinet-medical" in ids and "srv-maison-sante" not in ids
    assert alternatives("srv-cabinet-medical", {a.id: a.choix for a in SHIPPED.actions}, ids) == [
        "srv-maison-sante"
    ]
    cost = {p.action_id: (a.cout_min, a.cout_max) for p, a in ((x, x) for x in small.actions)}
    cost_big = {a.action_id: (a.cout_min, a.cout_max) for a in big.actions}
    base = SHIPPED.action("log-opah")
    # OPAH scales with size: × 0.5 for 125 inhabitants, × 2 for 2,000 (reference 500, √)
    assert cost["log-opah"] == (round(base.cout_min * 0.5 / 1000) * 1000, base.cout_max // 2)
    assert cost_big["log-opah"] == (base.cout_min * 2, base.cout_max * 2)
    # a medical office does not
    med = SHIPPED.action("srv-cabinet-medical")
    assert (
        cost["srv-cabinet-medical"]
        == cost_big["srv-cabinet-medical"]
        == (
            med.cout_min,
            med.cout_max,
        )
    )
    assert "taille de la commune" in next(a.regle for a in big.actions if a.action_id == "log-opah")


@pytest.mark.parametrize(
    "costs, expected",
    [
        ([(10, 20), (5, 5)], (15, 25, 2, 0)),
        ([(10, 20), (None, None)], (10, 20, 1, 1)),
        ([], (0, 0, 0, 0)),
    ],
)
def test_total_cost_range(costs, expected):
    assert total_range(costs) == expected
