"""The default weighting file (ponderations.toml) and the diagnosis parameters built on it."""

from datetime import date

import pytest

from village_avenir.domain.ponderation import (
    ParametresDiagnostic,
    PonderationDefaut,
    ponderation_from_mapping,
)
from village_avenir.domain.scoring import PonderationInvalide, ReglesNotation
from village_avenir.parametres import load_catalogue_indicateurs, load_ponderation_defaut

VERSION = {"code": "defaut-test", "en_vigueur_depuis": date(2026, 1, 1), "reference": "test"}
BASE = {
    "normalisation": "percentile",
    "part_minimale_rang": 0.5,
    "seuil_couverture": 0.4,
    "domaines": {"patrimoine": 1, "logement": 2},
    "version": VERSION,
}


def test_a_well_formed_file_gives_the_default_weighting():
    assert ponderation_from_mapping(BASE) == PonderationDefaut(
        "defaut-test", "percentile", ReglesNotation(0.5, 0.4), {"patrimoine": 1.0, "logement": 2.0}
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"normalisation": "zscore"}, "normalisation « zscore » inconnue"),
        ({"part_minimale_rang": 1.5}, "« part_minimale_rang » doit être compris entre 0 et 1"),
        ({"seuil_couverture": "beaucoup"}, "incomplète"),
        ({"domaines": {"patrimoine": -1}}, "le poids de « patrimoine » doit être positif"),
        ({"domaines": None}, "incomplète"),
        ({"version": {**VERSION, "date": date(2026, 1, 1)}}, "en_vigueur_depuis"),
        ({"version": None}, "Bloc \\[version\\] manquant"),
    ],
)
def test_a_malformed_file_is_refused_in_french(change, message):
    with pytest.raises(PonderationInvalide, match=message):
        ponderation_from_mapping({**BASE, **change})


def test_a_missing_key_is_refused_in_french():
    data = {k: v for k, v in BASE.items() if k != "seuil_couverture"}
    with pytest.raises(PonderationInvalide, match="incomplète \\('seuil_couverture'\\)"):
        ponderation_from_mapping(data)


def test_diagnosis_parameters_join_catalogue_and_weighting():
    params = ParametresDiagnostic(load_catalogue_indicateurs(), load_ponderation_defaut())
    weights = params.default_weights()
    assert set(weights["indicateurs"]) == {i.id for i in params.catalogue.indicateurs}
    assert weights["domaines"] == dict(load_ponderation_defaut().domaines)
    assert weights["normalisation"] == params.normalisation == "percentile"
    assert params.seuil == params.rules.seuil_couverture
    assert [s.id for s in params.specs()] == [i.id for i in params.catalogue.indicateurs]
    weights["domaines"]["patrimoine"] = 99  # a copy: the loaded weighting does not change
    assert params.default_weights()["domaines"]["patrimoine"] != 99


# --- weights with their rationale (issue 24, point 4) ---------------------------------------

EXPLAINED = {
    **BASE,
    "raisons_domaines": {"patrimoine": "champ nommé", "logement": "champ nommé"},
    "indicateurs": {"taux_vacance": {"poids": 2, "raison": "logements à remettre"}},
    "variation_poids": 0.3,
}


def test_indicator_weights_and_reasons_are_read():
    p = ponderation_from_mapping(EXPLAINED)
    assert p.indicateurs == {"taux_vacance": 2.0}
    assert p.raisons["taux_vacance"] == "logements à remettre"
    assert p.raisons["logement"] == "champ nommé" and p.variation_poids == 0.3


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"raisons_domaines": {"patrimoine": "champ nommé"}}, "« logement » n'a pas de raison"),
        ({"indicateurs": {"taux_vacance": {"poids": 2, "raison": " "}}}, "« taux_vacance » n'a"),
        ({"indicateurs": {"taux_vacance": {"poids": 2}}}, "incomplète"),
        ({"indicateurs": {"taux_vacance": {"poids": -1, "raison": "x"}}}, "positif"),
        ({"variation_poids": 1}, "variation_poids"),
        ({"variation_poids": 0}, "variation_poids"),
    ],
)
def test_an_unexplained_or_bad_weight_is_refused(change, message):
    with pytest.raises(PonderationInvalide, match=message):
        ponderation_from_mapping({**EXPLAINED, **change})


def test_shipped_weights_explain_every_weight_and_name_catalogue_indicators():
    pond = load_ponderation_defaut()
    cat = load_catalogue_indicateurs()
    ranked = {i.id for i in cat.indicateurs if i.mode == "rang"}
    assert set(pond.indicateurs) == ranked  # every scored indicator has its weight here
    for ident in (*pond.domaines, *pond.indicateurs):
        assert len(pond.raisons[ident]) > 20, ident
    weights = ParametresDiagnostic(cat, pond).default_weights()["indicateurs"]
    assert weights["heures_mairie"] == 0  # undated, measures size: out of the score
    assert weights["residences_secondaires"] == 0.5
    assert weights["taux_vacance"] == pond.indicateurs["taux_vacance"]
