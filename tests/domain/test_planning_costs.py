"""Cost models (one test per basis), the reference capacity (one per band of the shipped
file), plan totals and the checks of both files."""

import pytest

from village_avenir.domain.planning_costs import (
    CoutInvalide,
    capacites_from_mapping,
    cost_range,
    modele_from_mapping,
    plan_totals,
)
from village_avenir.parametres import load_capacites, load_catalogue_actions

W = "test"


@pytest.mark.parametrize(
    ("raw", "population", "faits", "expected", "words"),
    [
        ({"base": "forfait", "min": 5000, "max": 30000}, 80, {}, (5000, 30000), "forfait"),
        (  # per inhabitant, kept above the floor
            {"base": "habitant", "min": 150, "max": 500, "plancher": 40000, "plafond": 900000},
            100,
            {},
            (40000, 50000),
            "par habitant × 100 hab.",
        ),
        (  # per inhabitant, kept under the ceiling
            {"base": "habitant", "min": 150, "max": 500, "plancher": 40000, "plafond": 900000},
            3000,
            {},
            (450000, 900000),
            "× 3 000 hab.",
        ),
        (  # per m², a smaller building for a smaller commune
            {"base": "m2", "min": 2000, "max": 3300, "quantites": [[199, 70], [999, 120]]},
            65,
            {},
            (140000, 231000),
            "par m² × 70 m² pour 65 hab.",
        ),
        (
            {"base": "m2", "min": 2000, "max": 3300, "quantites": [[199, 70], [999, 120]]},
            5000,  # beyond the last band: the last one
            {},
            (240000, 396000),
            "× 120 m²",
        ),
        (  # per dwelling from the commune's own figure
            {"base": "logement", "min": 2000, "max": 5000, "assiette": "log_vacants",
             "part": 0.2, "quantite_min": 1, "quantite_max": 10},
            300,
            {"log_vacants": 31},
            (12000, 30000),
            "par logement × 6 logement(s)",
        ),
        (  # figure unknown: the minimum quantity, and it says so
            {"base": "logement", "min": 2000, "max": 5000, "assiette": "log_vacants",
             "part": 0.2, "quantite_min": 1},
            300,
            {},
            (2000, 5000),
            "inconnu",
        ),
        (  # per item, capped
            {"base": "unite", "min": 8000, "max": 30000, "assiette": "monuments_historiques",
             "quantite_max": 3},
            300,
            {"monuments_historiques": 7},
            (24000, 90000),
            "par élément × 3 élément(s)",
        ),
    ],
)  # fmt: skip
def test_cost_range_per_basis(raw, population, faits, expected, words):
    model = modele_from_mapping({**raw, "source": "exemple public (2020)"}, W)
    lo, hi, text = cost_range(model, population, faits)
    assert (lo, hi) == expected
    assert words in text.replace("\u202f", " ") and "source : exemple public (2020)" in text


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"base": "kilo", "min": 1, "max": 2, "source": "s"}, "Base de coût inconnue"),
        ({"base": "forfait", "min": 3, "max": 2, "source": "s"}, "incohérente"),
        ({"base": "forfait", "min": 1, "max": 2, "source": " "}, "source"),
        ({"base": "forfait", "min": 1, "max": 2}, "« source » manquant"),
        ({"base": "m2", "min": 1, "max": 2, "source": "s"}, "sans quantité"),
    ],
)
def test_malformed_cost_model_is_refused(raw, message):
    with pytest.raises(CoutInvalide, match=message):
        modele_from_mapping(raw, W)


def test_every_shipped_action_has_a_cost_model_with_its_source():
    for action in load_catalogue_actions().actions:
        assert action.cout is not None, action.id
        assert action.cout.source.strip(), action.id


CAP = load_capacites()


@pytest.mark.parametrize(
    ("population", "euros", "annee"),
    [
        (65, 500, "2017"),
        (99, 500, "2017"),
        (100, 380, "2008"),
        (199, 380, "2008"),
        (200, 275, "2017"),
        (3499, 275, "2017"),
        (3500, 271, "2017"),
        (20000, 271, "2017"),
    ],
)
def test_reference_capacity_per_band_with_its_year(population, euros, annee):
    band = CAP.tranche(population)
    assert (band.euros_par_habitant_an, band.annee) == (euros, annee)
    assert "DGCL" in band.source


def test_plan_totals_per_horizon_per_inhabitant_and_capacity():
    lines = [("court", 10000, 20000), ("moyen", 100000, 200000), ("long", 50000, 90000)]
    t = plan_totals(lines + [("long", None, None)], 100, CAP)
    assert t.par_horizon == {
        "court": (10000, 20000),
        "moyen": (100000, 200000),
        "long": (50000, 90000),
    }
    assert t.total == (160000, 310000) and t.par_habitant == (1600, 3100)
    # 380 €/hab/yr × 100 hab × (2 + 3 + 5 years)
    assert t.capacite_par_horizon == {"court": 76000, "moyen": 114000, "long": 190000}
    assert t.capacite_totale == 380000 and not t.au_dessus
    assert "dans la capacité de référence de 380 000 €" in t.texte().replace("\u202f", " ")
    above = plan_totals([("court", 400000, 500000)], 100, CAP)
    assert above.au_dessus and "au-dessus" in above.texte()
    unknown = plan_totals(lines, None, CAP)
    assert unknown.capacite_totale is None and not unknown.au_dessus


@pytest.mark.parametrize(
    ("tranches", "message"),
    [
        ([], "croissante"),
        ([{"population_max": 99, "libelle": "l", "euros_par_habitant_an": 0, "source": "s",
           "annee": "2017"}], "positif"),
        ([{"population_max": 99, "libelle": "l", "euros_par_habitant_an": 500, "source": "s",
           "annee": "2017"}] * 2, "croissante"),
        ([{"population_max": 99}], "incomplètes"),
    ],
)  # fmt: skip
def test_malformed_capacity_file_is_refused(tranches, message):
    version = {"code": "x", "en_vigueur_depuis": "2026-01-01", "reference": "r"}
    from datetime import date

    version["en_vigueur_depuis"] = date(2026, 1, 1)
    with pytest.raises(CoutInvalide, match=message):
        capacites_from_mapping({"version": version, "tranches": tranches})
