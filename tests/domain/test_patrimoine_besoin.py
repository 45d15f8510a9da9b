"""The heritage need rule (domain/patrimoine_besoin.py, weights in patrimoine.toml) and the
item checks (domain/patrimoine_saisie.py), as rule tables."""

from __future__ import annotations

from datetime import date

import pytest

from village_avenir.config import DATA_DIR
from village_avenir.domain.patrimoine import ElementPatrimoine
from village_avenir.domain.patrimoine_besoin import (
    besoin_patrimoine,
    parametres_patrimoine_from_mapping,
)
from village_avenir.domain.patrimoine_merimee import (
    merimee_proprietaire,
    merimee_protection,
    merimee_type,
)
from village_avenir.domain.patrimoine_saisie import PatrimoineInvalide, check_element
from village_avenir.parametres import read_toml

PARAMS = parametres_patrimoine_from_mapping(read_toml(DATA_DIR / "parametres" / "patrimoine.toml"))


def item(etat, protection="non_protege", proprietaire="commune", usage="en_usage"):
    return ElementPatrimoine("x", "lavoir", protection, etat, proprietaire, usage)


@pytest.mark.parametrize(
    ("items", "valeur"),
    [
        ([item("bon")], 0.0),
        ([item("moyen")], 0.25),
        ([item("mauvais")], 1.0),
        ([item("peril")], 2.0),
        ([item("peril", "mh_classe")], 3.0),
        ([item("mauvais", proprietaire="prive")], 0.25),
        ([item("mauvais", usage="vacant")], 1.2),
        ([item("mauvais"), item("peril"), item("non_evalue")], 3.0),
    ],
)
def test_need_from_states_protection_owner_and_use(items, valeur):
    need = besoin_patrimoine([(e, date(2026, 5, 12)) for e in items], PARAMS)
    assert need.valeur == pytest.approx(valeur)


def test_no_assessed_item_means_a_evaluer_never_zero():
    assert besoin_patrimoine([], PARAMS) is None
    assert besoin_patrimoine([(item("non_evalue"), None)], PARAMS) is None


def test_the_date_is_the_latest_state_seen_and_counts_are_kept():
    need = besoin_patrimoine(
        [
            (item("bon"), date(2025, 1, 2)),
            (item("peril"), date(2026, 3, 4)),
            (item("non_evalue"), None),
        ],
        PARAMS,
    )
    assert (need.date, need.evalues, need.a_evaluer) == (date(2026, 3, 4), 2, 1)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(elements_max=0), "elements_max"),
        (lambda d: d["etat"].pop("peril"), "exactement"),
        (lambda d: d["protection"].update(mh_classe=-1), "0 à 10"),
    ],
)
def test_a_wrong_parameter_file_is_refused_in_french(change, message):
    data = read_toml(DATA_DIR / "parametres" / "patrimoine.toml")
    change(data)
    with pytest.raises(ValueError, match=message):
        parametres_patrimoine_from_mapping(data)


def test_labels_and_codes_are_both_accepted():
    fields = check_element({"nom": " Four ", "type": "Four à pain", "protection": "monument historique inscrit",
                            "etat": "En péril", "usage": "Vacant, sans usage", "longitude": "1,44",
                            "latitude": "44.45", "cout_min": "12 000", "date_etat": "12/05/2026"})  # fmt: skip
    assert (
        fields["nom"],
        fields["type"],
        fields["protection"],
        fields["etat"],
        fields["usage"],
    ) == ("Four", "four", "mh_inscrit", "peril", "vacant")
    assert (fields["longitude"], fields["latitude"], fields["cout_min"]) == (1.44, 44.45, 12000)
    assert fields["date_etat"] == date(2026, 5, 12)


def test_an_unknown_value_names_the_accepted_ones():
    with pytest.raises(PatrimoineInvalide, match="bon \\(Bon"):
        check_element({"nom": "x", "type": "four", "etat": "ruine"})


@pytest.mark.parametrize(
    ("deno", "expected"),
    [
        ("église", ("eglise", None)),
        ("croix de chemin", ("croix", None)),
        ("Château fort", ("chateau", None)),
        ("dolmen", ("autre", "dolmen")),
    ],
)
def test_merimee_denominations(deno, expected):
    assert merimee_type(deno) == expected


def test_merimee_protection_and_owner():
    assert merimee_protection("classé MH partiellement ; inscrit MH") == "mh_classe"
    assert merimee_protection("inscrit MH") == "mh_inscrit"
    assert merimee_protection("") is None
    assert merimee_proprietaire("propriété de la commune") == "commune"
    assert merimee_proprietaire("propriété privée") == "prive"
    assert merimee_proprietaire("propriété de l'Etat") == "autre"
