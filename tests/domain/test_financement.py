"""The financing plan's rules, one table row per rule and threshold (domain/financement.py)."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from village_avenir.domain.financement import (
    FinancementInvalide,
    compute_financement,
    financements_from_mapping,
    propose_lignes,
)
from village_avenir.parametres import load_financements, read_toml
from village_avenir.parametres import parametres_path as path_of

VERSION = {"code": "t", "en_vigueur_depuis": date(2026, 12, 7), "reference": "tests"}
REGLES = {
    "participation_minimale": 20,
    "participation_source": "CGCT L1111-10",
    "plafond_aides": 100,
    "plafond_source": "décret 2018-514",
    "fctva_taux": 16.404,
    "fctva_source": "FCTVA",
}


def _f(code, taux_defaut=30, taux_max=60, **kw):
    return {
        "code": code,
        "libelle": code.upper(),
        "taux_defaut": taux_defaut,
        "taux_max": taux_max,
        "source": "s",
        "annee": 2024,
        **kw,
    }


PARAMS = financements_from_mapping(
    {
        "version": VERSION,
        "regles": REGLES,
        "financeurs": [
            _f("detr"),
            _f("dep", 20, 60),
            _f("region", 20, 30),
            _f("anah", 50, 50, plafond=40_000),
            _f("fondation", 5, 20, public=False),
            _f("bdt", 0, 80, pret=True),
            _f("caue", 0, 0, conseil=True),
        ],
    }
)


@pytest.mark.parametrize(
    ("lignes", "derogation", "erreur", "part"),
    [
        # own share exactly 20 % of public funding: accepted (threshold included)
        ([("detr", 50), ("dep", 30)], "", None, 20_000),
        # 19 % own share: refused, CGCT L1111-10 named
        ([("detr", 51), ("dep", 30)], "", "minimum légal de 20 %", 19_000),
        # the same with a written waiver: accepted, with a warning naming it
        ([("detr", 51), ("dep", 30)], "arrêté du préfet", None, 19_000),
        # private funds are outside the 20 % base: 10 % private, 72 % public aid, 18 % own
        # = 20 % of the 90 % public funding: accepted
        ([("fondation", 10), ("detr", 42), ("dep", 30)], "", None, 18_000),
        # aid above 100 % of the expense: refused (décret 2018-514)
        ([("fondation", 20), ("detr", 60), ("dep", 30)], "", "dépassent 100 %", -10_000),
        # a loan is the commune's own money: 80 % aid + 20 % loan is legal
        ([("detr", 50), ("dep", 30), ("bdt", 20)], "", None, 20_000),
        # an adviser brings no money
        ([("caue", 10)], "", "conseil", 100_000),
        # twice the same funder, an unknown funder
        ([("detr", 10), ("detr", 10)], "", "deux fois", 90_000),
        ([("xyz", 10)], "", "inconnu", 100_000),
    ],
)
def test_rules(lignes, derogation, erreur, part):
    plan = compute_financement(100_000, lignes, PARAMS, derogation)
    assert plan.part_commune == part
    if erreur is None:
        assert plan.valide, plan.erreurs
        assert plan.total == plan.montant  # the sum is checked
    else:
        assert any(erreur in e for e in plan.erreurs), plan.erreurs
    if derogation:
        assert any("dérogation indiquée" in a for a in plan.avertissements)


def test_rate_above_the_highest_found_warns_and_cap_in_euros_applies():
    plan = compute_financement(200_000, [("region", 40), ("anah", 50)], PARAMS)
    assert any("plus haut taux trouvé (30 %" in a for a in plan.avertissements)
    anah = plan.lignes[1]
    assert anah.plafonne and anah.montant == 40_000  # 50 % of 200 000 capped at 40 000


def test_fctva_is_apart_from_the_plan():
    plan = compute_financement(100_000, [("detr", 30)], PARAMS)
    assert plan.fctva == 16_404 and plan.total == 100_000


def test_minimum_share_in_euros_is_rounded_up():
    plan = compute_financement(1_000, [("detr", 33)], PARAMS)
    assert plan.part_minimale == 83  # 330 × 20 / 80 = 82.5 → 83


@pytest.mark.parametrize(
    ("codes", "attendu"),
    [
        (["detr", "dep", "region"], [("detr", 30), ("dep", 20), ("region", 20)]),  # 70 ≤ 80
        (
            ["detr", "dep", "region", "anah"],
            [("detr", 30), ("dep", 20), ("region", 20), ("anah", 10)],
        ),  # fmt: skip  — last lowered to fit
        (
            ["fondation", "detr", "dep", "region"],  # 5 % private: public aid ≤ 95 × 0.8 = 76
            [("fondation", 5), ("detr", 30), ("dep", 20), ("region", 20)],
        ),
        (["caue", "bdt"], []),  # advisers and loans are not proposed
    ],
)
def test_proposed_lines_respect_the_minimum_share(codes, attendu):
    lignes = propose_lignes(codes, PARAMS)
    assert lignes == attendu
    assert compute_financement(100_000, lignes, PARAMS).valide


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["financeurs"][0].update(taux_defaut=70), "taux_defaut dépasse taux_max"),
        (lambda d: d["financeurs"].append(dict(d["financeurs"][0])), "en double"),
        (lambda d: d["financeurs"][0].pop("source"), "source"),
        (lambda d: d["regles"].update(participation_minimale=120), "participation_minimale"),
        (lambda d: d.pop("regles"), "[regles]"),
    ],
)
def test_parameter_file_checks(change, message):
    data = {"version": VERSION, "regles": dict(REGLES), "financeurs": [_f("detr")]}
    data = copy.deepcopy(data)
    change(data)
    with pytest.raises(FinancementInvalide, match=message.replace("[", r"\[")):
        financements_from_mapping(data)


def test_shipped_file_every_catalogue_funder_has_a_dated_sourced_rate():
    params = load_financements()
    assert params.participation_minimale == 20 and params.plafond_aides == 100
    assert "L1111-10" in params.participation_source
    catalogue = read_toml(path_of("actions"))["financeurs"]
    assert set(catalogue) <= set(params.financeurs)
    for f in params.financeurs.values():
        assert f.source and 2015 <= f.annee <= 2026
