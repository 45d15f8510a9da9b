"""Rule-table tests of evaluate(): one row per situation, on the real parameter file."""

from pathlib import Path

import pytest

from village_avenir.domain.communes import Commune
from village_avenir.domain.eligibility import (
    Membership,
    RulesError,
    evaluate,
    load_rules,
    rules_from_mapping,
)

RULES_PATH = Path(__file__).resolve().parents[2] / "data" / "parametres" / "eligibilite.toml"
RULES = load_rules(RULES_PATH)
COMMUNE = Commune(
    "46001", "Albas", 525, "2021", "200023737", "CC de la Vallée du Lot et du Vignoble"
)


def m(programme, niveau, source="source de test"):
    return Membership(programme, niveau, source, None, "2019", None)


@pytest.mark.parametrize(
    ("memberships", "statut", "critere", "critere_statut"),
    [
        ([], "eligible", "hors_acv", "respecte"),
        ([m("acv", "officiel")], "non_eligible", "hors_acv", "non_respecte"),
        ([m("pvd", "officiel")], "non_eligible", "hors_pvd", "non_respecte"),
        ([m("bco", "strong_signed")], "non_eligible", "hors_bco", "non_respecte"),
        ([m("bco", "strong_approved")], "non_eligible", "hors_bco", "non_respecte"),
        ([m("bco", "medium_contract_listed")], "a_verifier", "hors_bco", "a_verifier"),
        ([m("bco", "medium_engaged")], "a_verifier", "hors_bco", "a_verifier"),
        ([m("bco", "weak_probable")], "a_verifier", "hors_bco", "a_verifier"),
        ([m("bco", "confirme")], "non_eligible", "hors_bco", "non_respecte"),
        ([m("acbmc", "officiel")], "non_eligible", "hors_acbmc", "non_respecte"),
        # an unknown evidence level is never taken as certain
        ([m("bco", "rumeur")], "a_verifier", "hors_bco", "a_verifier"),
        # a certain exclusion wins over a doubtful one, on another scheme or the same
        (
            [m("bco", "weak_probable"), m("pvd", "officiel")],
            "non_eligible",
            "hors_pvd",
            "non_respecte",
        ),
        (
            [m("bco", "weak_probable"), m("bco", "strong_signed", "autre")],
            "non_eligible",
            "hors_bco",
            "non_respecte",
        ),
        # a programme the rules do not exclude (Villages d'avenir, France services) is ignored
        ([m("va", "officiel"), m("fs", "officiel")], "eligible", "hors_pvd", "respecte"),
    ],
)
def test_rule_table(memberships, statut, critere, critere_statut):
    result = evaluate(COMMUNE, memberships, RULES)
    assert result.statut == statut
    by_code = {c.code: c for c in result.criteres}
    assert by_code[critere].statut == critere_statut
    assert result.regles_version == RULES.version


def test_every_excluding_scheme_has_one_criterion_with_its_reference():
    result = evaluate(COMMUNE, [], RULES)
    codes = [c.code for c in result.criteres]
    assert codes == ["commune_actuelle", "hors_acv", "hors_pvd", "hors_bco", "hors_acbmc"]
    assert all(c.reference for c in result.criteres[1:])


def test_failing_criterion_carries_source_date_and_evidence():
    mem = Membership(
        "bco", "strong_signed", "Presse", "https://exemple.fr/a", "2019-11-07", "Contrat signé"
    )
    crit = {c.code: c for c in evaluate(COMMUNE, [mem], RULES).criteres}["hors_bco"]
    assert (crit.source, crit.source_url, crit.date_source) == (
        "Presse",
        "https://exemple.fr/a",
        "2019-11-07",
    )
    assert crit.niveau_preuve == "strong_signed" and crit.niveau_preuve_libelle
    assert "Contrat signé" in crit.raison and crit.statut_libelle == "Non respecté"


def test_partial_list_is_said_in_the_reason():
    crit = {c.code: c for c in evaluate(COMMUNE, [], RULES).criteres}
    assert "partielle" in crit["hors_bco"].raison
    assert "partielle" not in crit["hors_acv"].raison


def test_resolution_note_is_shown():
    note = "46217 (Pern) est une commune déléguée : le code de la commune actuelle est 46172."
    result = evaluate(COMMUNE, [], RULES, resolution_note=note)
    assert result.notes == (note,)
    assert note in result.criteres[0].raison


def _rules_with(**seuils):
    import tomllib

    data = tomllib.loads(RULES_PATH.read_text())
    data["seuils"] = seuils
    return rules_from_mapping(data)


@pytest.mark.parametrize(
    ("population", "seuils", "statut"),
    [
        (525, {"population_max": 3500}, "eligible"),
        (3500, {"population_max": 3500}, "eligible"),
        (3501, {"population_max": 3500}, "non_eligible"),
        (99, {"population_min": 100}, "non_eligible"),
        (None, {"population_max": 3500}, "a_verifier"),  # missing datum
        (None, {}, "eligible"),  # no threshold configured: population not needed
    ],
)
def test_optional_population_threshold(population, seuils, statut):
    commune = Commune("46001", "Albas", population)
    result = evaluate(commune, [], _rules_with(**seuils))
    assert result.statut == statut
    assert ("population" in [c.code for c in result.criteres]) is bool(seuils)


def test_incomplete_rules_file_is_refused_in_french():
    with pytest.raises(RulesError, match="incomplet"):
        rules_from_mapping({"version": {"code": "x"}})
