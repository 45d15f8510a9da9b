"""Rule-table tests of evaluate(): one row per situation, on the real parameter file."""

import pytest

from village_avenir.domain.communes import Commune
from village_avenir.domain.eligibilite import (
    Membership,
    ReglesInvalides,
    evaluate,
    rules_from_mapping,
)
from village_avenir.parametres import load_reglement, parametres_path

RULES_PATH = parametres_path("eligibilite")
RULES = load_reglement().current
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


def test_population_is_written_with_the_narrow_no_break_space():
    commune = Commune("46042", "Cahors", 19902)
    result = evaluate(commune, [], _rules_with(population_min=1000, population_max=3500))
    critere = next(c for c in result.criteres if c.code == "population")
    assert critere.libelle == (
        "Population : au moins 1\u202f000 habitants et au plus 3\u202f500 habitants"
    )
    assert critere.raison == "19\u202f902 habitants."


def test_incomplete_rules_file_is_refused_in_french():
    with pytest.raises(ReglesInvalides, match="incomplet"):
        rules_from_mapping({"version": {"code": "x"}})


# --- Dated lists and rules versions (issue 11) ---------------------------------------------

from datetime import date  # noqa: E402

from village_avenir.domain.eligibilite import counts_at  # noqa: E402

BOOK = load_reglement()
V2021, V2023 = BOOK.version("2021-01"), BOOK.version("2023-01")


def dated(programme, liste=None, debut=None, fin=None, niveau="officiel"):
    return Membership(programme, niveau, "s", None, None, None, liste, debut, fin)


@pytest.mark.parametrize(
    ("membership", "rules", "au", "compte"),
    [
        # the version's named list is the only list read for that scheme
        (dated("pvd", "pvd-2021-01"), V2021, date(2021, 2, 15), True),
        (dated("pvd", "pvd-cog2023"), V2021, date(2021, 2, 15), False),
        (dated("pvd", "pvd-2021-01"), V2023, date(2026, 1, 1), False),
        (dated("pvd", "pvd-cog2023"), V2023, date(2026, 1, 1), True),
        # no list (an engineer's entry, a press finding): counts, within its dates
        (dated("bco"), V2021, date(2021, 2, 15), True),
        (dated("bco", debut=date(2022, 1, 1)), V2021, date(2021, 2, 15), False),
        (dated("bco", fin=date(2020, 12, 31)), V2021, date(2021, 2, 15), False),
        (
            dated("bco", debut=date(2019, 1, 1), fin=date(2021, 2, 15)),
            V2021,
            date(2021, 2, 15),
            True,
        ),
        # a list dated after the judgement is never used, even when the version names none
        (dated("va", "va-2023-12"), V2021, date(2021, 2, 15), False),
        (dated("va", "va-2023-12"), V2023, date(2026, 1, 1), True),
    ],
)
def test_which_membership_counts_at_a_date(membership, rules, au, compte):
    assert counts_at(membership, rules, au) is compte


def test_the_2021_rules_judge_at_the_close_of_the_call_with_the_january_list():
    pvd21 = dated("pvd", "pvd-2021-01")
    r2021 = evaluate(COMMUNE, [pvd21], V2021)
    assert r2021.statut == "non_eligible" and r2021.au == date(2021, 2, 15)
    assert (
        "initiale de janvier 2021" in next(c for c in r2021.criteres if c.code == "hors_pvd").raison
    )
    r2023 = evaluate(COMMUNE, [pvd21], V2023, au=date(2026, 1, 1))
    assert r2023.statut == "eligible"
    assert r2023.reserves and "partielle" in r2023.reserves[0]
    assert BOOK.current is V2023


def test_pourrait_pretendre_makes_a_commune_a_verifier_with_its_reason():
    mark = Membership("pvd", "pourrait_pretendre", "s", None, None, "candidate en 2021")
    result = evaluate(COMMUNE, [mark], V2023, au=date(2026, 1, 1))
    crit = next(c for c in result.criteres if c.code == "hors_pvd")
    assert result.statut == "a_verifier" and crit.statut == "a_verifier"
    assert "pourrait prétendre" in crit.raison and "candidate en 2021" in crit.raison
    assert not result.reserves


def test_villages_d_avenir_is_information_not_exclusion():
    va = dated("va", "va-2023-12")
    result = evaluate(COMMUNE, [va], V2023, au=date(2026, 1, 1))
    assert result.statut == "eligible" and result.informations == (va,)


def test_a_version_naming_an_unknown_list_is_refused():
    data = {
        "niveaux_preuve": {"officiel": {"libelle": "x", "certain": True}},
        "dispositifs": [{"code": "pvd", "libelle": "PVD", "reference": "r"}],
        "versions": [
            {
                "code": "v",
                "en_vigueur_depuis": date(2021, 1, 1),
                "reference": "r",
                "listes": {"pvd": "inconnue"},
            },
        ],
    }
    with pytest.raises(ReglesInvalides, match="liste inconnue"):
        rules_from_mapping(data)


# --- Proofs at their date (issue 24, item 9) ----------------------------------------------

from village_avenir.domain.eligibilite import INEXISTANTE, is_certain  # noqa: E402

V2024 = BOOK.version("2024-01")


def press(date_source, niveau="medium_engaged", debut=None):
    return Membership("bco", niveau, "Presse", "https://ex.test/a", date_source, None, None, debut)


@pytest.mark.parametrize(
    ("date_source", "au", "compte"),
    [
        ("2022-01-27", date(2021, 2, 15), False),  # Luzech's article, after the 2021 call
        ("2022-01-27", date(2026, 1, 1), True),
        ("2021-02", date(2021, 2, 15), True),  # a month counts from its first day
        ("2021-03", date(2021, 2, 15), False),
        ("2023", date(2021, 2, 15), False),
        ("", date(2021, 2, 15), True),  # undated: not excluded by date (see is_certain)
    ],
)
def test_evidence_dated_after_the_judgement_is_never_cited(date_source, au, compte):
    assert counts_at(press(date_source), V2021, au) is compte


def test_luzech_at_15_02_2021_cites_no_article_of_2022():
    luzech = Commune("46182", "Luzech", 1700)
    found = [press("2022-01-27")]
    e2021 = evaluate(luzech, found, V2021)
    bco = next(c for c in e2021.criteres if c.code == "hors_bco")
    assert bco.statut == "respecte" and bco.date_source is None
    assert "2022" not in " ".join(c.raison for c in e2021.criteres)
    today = evaluate(luzech, found, V2023, au=date(2026, 12, 7))
    assert next(c for c in today.criteres if c.code == "hors_bco").date_source == "2022-01-27"


@pytest.mark.parametrize(
    ("niveau", "date_source", "debut", "certain"),
    [
        ("strong_signed", "", None, False),  # Catus: one undated blog article
        ("strong_signed", "2019-12-02", None, True),
        ("strong_signed", "", date(2019, 11, 7), True),  # a known start dates it
        ("officiel", "", None, True),  # an official list needs no press date
        ("confirme", "", None, True),  # an engineer confirmed it
        ("medium_engaged", "2022-01-27", None, False),
    ],
)
def test_an_undated_press_item_is_not_certain(niveau, date_source, debut, certain):
    assert is_certain(niveau, date_source, RULES, debut) is certain


def test_an_exclusion_on_one_undated_article_is_a_verifier():
    catus = Commune("46064", "Catus", 900)
    e = evaluate(catus, [press("", "strong_signed")], RULES, au=date(2026, 12, 7))
    assert e.statut == "a_verifier"
    bco = next(c for c in e.criteres if c.code == "hors_bco")
    assert bco.statut == "a_verifier" and "une seule source non datée" in bco.raison
    assert RULES.pour_trancher_non_datee.startswith("Dater l'adhésion")


def test_the_2024_session_has_its_own_dated_version_and_today_stays_undated():
    assert V2024 is not None and V2024.date_appreciation == date(2023, 12, 21)
    assert "session 2024" in V2024.reference and "pressreader.com" in V2024.reference
    assert {s: x.code for s, x in V2024.listes.items()} == {
        "acv": "acv-cog2023",
        "pvd": "pvd-cog2023",
        "va": "va-2023-12",
    }
    assert BOOK.current.version == "2023-01" and BOOK.current.date_appreciation is None


def test_a_commune_created_after_the_date_gets_no_verdict():
    pern = Commune(
        "46172", "Pern-Lhospitalet", 925, date_creation=date(2025, 1, 1), date_creation_source="COG"
    )
    for rules in (V2021, V2024):
        e = evaluate(pern, [], rules)
        assert e.statut == INEXISTANTE and e.statut_libelle == "Commune pas encore créée"
        assert "elle a été créée le 01/01/2025" in e.criteres[0].raison
    assert evaluate(pern, [], V2023, au=date(2026, 12, 7)).statut == "eligible"
