"""Plan proposal rules (rule table on a small hand-made catalogue) and the shipped catalogue."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from village_avenir.config import DATA_DIR
from village_avenir.domain.patrimoine import ElementPatrimoine
from village_avenir.domain.planning import (
    HORIZONS,
    PATRIMOINE_A_EVALUER,
    BesoinsInvalides,
    CatalogueActionsInvalide,
    Need,
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
    with pytest.raises(BesoinsInvalides, match=message):
        Need(*args)


def test_unknown_duplicate_or_misfiled_needs_are_refused():
    with pytest.raises(BesoinsInvalides, match="inconnu"):
        propose_plan([Need("logement", "inconnu", 50, "x")], CAT)
    with pytest.raises(BesoinsInvalides, match="relève du domaine"):
        propose_plan([Need("services", "vacance", 50, "x")], CAT)
    with pytest.raises(BesoinsInvalides, match="deux fois"):
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
    with pytest.raises(CatalogueActionsInvalide, match=message):
        catalogue_from_mapping(data)


def test_missing_field_is_named():
    data = copy.deepcopy(BASE)
    del data["actions"][2]["reference"]
    with pytest.raises(
        CatalogueActionsInvalide, match="« reference » manquant \\(action a-long\\)"
    ):
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


@given(
    st.dictionaries(st.sampled_from(sorted(SHIPPED.besoins)), st.integers(0, 100)),
    st.sampled_from([None, 60, 250, 800, 3000]),
)
def test_every_proposed_action_answers_a_retained_need(intensities, population):
    needs = [Need(SHIPPED.besoins[c].domaine, c, i, "test") for c, i in intensities.items()]
    plan = propose_plan(needs, SHIPPED, population)
    ids = [a.action_id for a in plan.actions]
    assert len(ids) == len(set(ids))
    for a in plan.actions:
        action = SHIPPED.action(a.action_id)
        assert intensities[a.besoin] >= SHIPPED.seuil_retenu
        assert action.besoin == a.besoin and action.fits(population)
        assert not action.sur_inventaire  # only for named inventory items
        prioritaire = intensities[a.besoin] >= SHIPPED.seuil_prioritaire
        expected = earlier(action.horizon) if prioritaire and not action.vision else action.horizon
        assert a.horizon == expected
        assert a.cout_min is not None and a.cout_min <= a.cout_max and "source" in a.regle
    for code in intensities:
        assert sum(1 for a in plan.actions if a.besoin == code) <= SHIPPED.max_actions_par_besoin
    vacancy = intensities.get("logements_vacants", 0) >= SHIPPED.seuil_retenu
    if vacancy:
        assert not any(SHIPPED.action(i).cree_logements for i in ids)


def test_alternatives_are_offered_not_both_proposed():
    needs = [Need("services", "sante", 80, "t")]
    ids = [a.action_id for a in propose_plan(needs, SHIPPED, 2000).actions]
    assert "srv-cabinet-medical" in ids and "srv-maison-sante" not in ids
    # the engineer is offered every other answer of the group, small-commune ones included
    assert alternatives("srv-cabinet-medical", {a.id: a.choix for a in SHIPPED.actions}, ids) == [
        "srv-teleconsultation",
        "srv-maison-sante",
    ]


@pytest.mark.parametrize(
    ("population", "expected"),
    [
        (65, ["srv-tournees", "srv-epicerie-associative"]),  # small: shared, smaller
        (299, ["srv-tournees", "srv-epicerie-associative"]),
        (300, ["srv-marche", "srv-multiservice"]),
        (1500, ["srv-marche", "srv-multiservice"]),
    ],
)
def test_small_communes_get_the_small_commune_variants(population, expected):
    plan = propose_plan([Need("services", "commerce", 50, "t")], SHIPPED, population)
    assert [a.action_id for a in plan.actions] == expected


@pytest.mark.parametrize(
    ("population", "service"),
    [(120, "srv-bus-france-services"), (450, "srv-numerique"), (2500, "srv-numerique")],
)
def test_public_services_variant_by_size(population, service):
    plan = propose_plan([Need("services", "acces_services_publics", 50, "t")], SHIPPED, population)
    assert plan.actions[0].action_id == service


def test_a_long_term_vision_stays_long_for_a_priority_need():
    plan = propose_plan([Need("logement", "declin_demographique", 95, "t")], SHIPPED, 300)
    horizons = {a.action_id: a.horizon for a in plan.actions}
    assert horizons == {"log-accueil-habitants": "court", "log-strategie-attractivite": "long"}
    assert not plan.sans_long_terme
    vision = next(a for a in plan.actions if a.horizon == "long")
    assert "gardée au long terme" in vision.regle


def test_no_new_dwellings_on_top_of_high_vacancy_and_the_plan_says_why():
    needs = [
        Need("logement", "residences_secondaires", 60, "t"),
        Need("logement", "logements_vacants", 45, "t"),
    ]
    plan = propose_plan(needs, SHIPPED, 300)
    ids = [a.action_id for a in plan.actions]
    assert "log-logements-annee" not in ids and "log-strategie-annee" in ids
    assert any("vacance de la commune est élevée" in n for n in plan.notes)
    kept = next(a for a in plan.actions if a.action_id == "log-strategie-annee")
    assert "pas de logement neuf" in kept.regle
    alone = propose_plan(needs[:1], SHIPPED, 300)
    assert "log-logements-annee" in [a.action_id for a in alone.actions]


def test_without_heritage_evidence_the_plan_says_heritage_is_to_be_assessed():
    plan = propose_plan([Need("services", "commerce", 50, "t")], SHIPPED, 300)
    assert plan.patrimoine_a_evaluer
    assert any(PATRIMOINE_A_EVALUER in n for n in plan.notes)
    assert not any(
        a.domaine == "patrimoine" and a.besoin != "espaces_publics" for a in plan.actions
    )
    assessed = propose_plan([], SHIPPED, 300, patrimoine_evalue=True)
    assert not assessed.patrimoine_a_evaluer


def test_a_merimee_count_gives_a_diagnosis_never_a_restoration():
    needs = [Need("patrimoine", "patrimoine_protege", 70, "Mérimée")]
    plan = propose_plan(needs, SHIPPED, 200, faits={"monuments_historiques": 2})
    assert [a.action_id for a in plan.actions] == ["pat-diagnostic-mh"]
    assert (plan.actions[0].cout_min, plan.actions[0].cout_max) == (16000, 60000)  # 2 × 8–30 k€
    assert not plan.patrimoine_a_evaluer


def test_an_assessed_communal_building_gets_communal_work_not_a_monument():
    plan = propose_plan([Need("patrimoine", "patrimoine_bati", 55, "visite")], SHIPPED, 150)
    ids = [a.action_id for a in plan.actions]
    assert "pat-restauration-bati" in ids and not any("mh" in i for i in ids)
    work = next(a for a in plan.actions if a.action_id == "pat-restauration-bati")
    assert (work.cout_min, work.cout_max) == (64000, 144000)  # 80 m² × 800–1 800 €


def Element(nom, **kw):  # noqa: N802  an inventory item with defaults (the contract's class)
    base = {
        "type": "eglise",
        "protection": "non_protege",
        "etat": "bon",
        "proprietaire": "commune",
        "usage": "en_usage",
    }
    return ElementPatrimoine(nom=nom, **{**base, **kw})


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (Element("Lavoir", etat="bon"), []),
        (
            Element("Église Saint-Pierre", protection="mh_classe", etat="peril"),
            [
                ("pat-diagnostic-mh", "Diagnostic sanitaire de Église Saint-Pierre", "court"),
                ("pat-restauration-mh", "Restauration de Église Saint-Pierre", "moyen"),
            ],
        ),
        (
            Element("Four à pain", etat="mauvais"),
            [("pat-restauration-bati", "Restauration de Four à pain", "moyen")],
        ),
        (
            Element("Presbytère", etat="moyen", usage="vacant"),
            [("pat-nouvel-usage", "Nouvel usage pour Presbytère", "long")],
        ),
        (Element("Pigeonnier", etat="mauvais", proprietaire="prive"), []),
        (Element("Croix", etat="non_evalue"), []),  # seen nowhere yet: a note asks the visit
        (  # a site patrimonial remarquable is not a monument: the communal templates
            Element("Maison du bourg", protection="spr", etat="peril"),
            [
                ("pat-diagnostic-bati", "Diagnostic sanitaire de Maison du bourg", "court"),
                ("pat-restauration-bati", "Restauration de Maison du bourg", "moyen"),
            ],
        ),
        (
            Element("Château", protection="mh_inscrit", etat="mauvais", proprietaire="prive"),
            [("pat-restauration-mh", "Restauration de Château", "moyen")],
        ),
    ],
)
def test_named_heritage_items_give_named_actions(item, expected):
    plan = propose_plan([], SHIPPED, 300, patrimoine=[item])
    assert [(a.action_id, a.libelle, a.horizon) for a in plan.actions] == expected
    assert not plan.patrimoine_a_evaluer
    if item.proprietaire == "prive" and item.protection == "non_protege":
        assert any("Fondation du patrimoine" in n for n in plan.notes)
    if item.etat == "non_evalue":
        assert any("Croix : état non évalué, visite à prévoir" in n for n in plan.notes)
    for action in plan.actions:
        assert (
            "Inventaire du patrimoine" in action.source_besoin and "_" not in action.source_besoin
        )


def test_an_items_own_estimate_is_its_cost():
    item = Element(
        "Halle", protection="mh_inscrit", etat="mauvais", cout_min=90000, cout_max=120000
    )
    (action,) = propose_plan([], SHIPPED, 300, patrimoine=[item]).actions
    assert (action.cout_min, action.cout_max) == (90000, 120000)


def test_costs_follow_the_communes_figures():
    need = [Need("logement", "logements_vacants", 50, "t")]
    few = propose_plan(need, SHIPPED, 300, faits={"log_vacants": 10})
    many = propose_plan(need, SHIPPED, 300, faits={"log_vacants": 60})
    cost = {a.action_id: (a.cout_min, a.cout_max) for a in few.actions}
    cost_many = {a.action_id: (a.cout_min, a.cout_max) for a in many.actions}
    assert cost["log-prime-vacants"] == (4000, 10000)  # 2 dwellings × 2–5 k€
    assert cost_many["log-prime-vacants"] == (20000, 50000)  # 12 dwellings, kept to 10
    assert "par logement × 2 logement(s)" in few.actions[0].regle


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
