"""The application file: completeness, declared figures, PDF detection, parameters."""

import tomllib

import pytest

from village_avenir.domain import candidature as dc
from village_avenir.domain.nombres import parse_entier
from village_avenir.parametres import load_parametres_candidature

PARAMS = load_parametres_candidature()

FULL = {
    "contact_nom": "Jeanne Martin",
    "contact_email": "mairie@albas.test",
    "contact_telephone": "05 65 00 00 00",
    "projet_titre": "Cœur de village",
    "projet_description": "x" * 120,
    "patrimoine": [
        {"nom": "Église", "protection": "mh_classe", "etat": "mauvais", "cout": "120 000"},
        {"nom": "Lavoir", "protection": "aucune", "etat": "moyen", "cout": "8 500,50"},
        {"nom": "", "protection": "", "etat": "", "cout": ""},  # an empty block is ignored
    ],
    "logements_vacants": "14",
    "services_existants": "École",
    "services_perdus": "Épicerie\n\nCafé\n",
}


def test_a_full_file_lacks_nothing():
    assert dc.missing_items(FULL, has_deliberation=True) == []


def test_missing_items_are_listed_in_french():
    missing = dc.missing_items({"projet_description": "court"}, has_deliberation=False)
    text = " | ".join(missing)
    for expected in [
        "nom de la personne",
        "adresse électronique",
        "titre du projet",
        "au moins 100 caractères",
        "logements vacants",
        "Au moins un bâtiment",
        "délibération",
    ]:
        assert expected in text


def test_patrimoine_entries_are_checked_one_by_one():
    content = dict(FULL, patrimoine=[{"nom": "Église", "protection": "", "etat": "", "cout": ""}])
    assert any("Patrimoine n° 1" in m for m in dc.missing_items(content, True))
    content = dict(
        FULL, patrimoine=[{"nom": "É", "protection": "aucune", "etat": "bon", "cout": "cher"}]
    )
    assert any("montant en euros" in m for m in dc.missing_items(content, True))


def test_declared_values():
    values = {v.indicateur: v for v in dc.declared_from(FULL, PARAMS, 2026, "Candidature n° 1")}
    assert values["logements_vacants_connus"].valeur == 14
    assert values["batiments_proteges"].valeur == 1  # classé counts, « aucune » does not
    assert values["cout_patrimoine_estime"].valeur == pytest.approx(128500.50)
    assert values["services_perdus"].valeur == 2
    assert {v.annee for v in values.values()} == {2026}
    assert {v.source for v in values.values()} == {"Candidature n° 1"}


def test_malformed_draft_figures_are_not_declared():
    content = dict(FULL, logements_vacants="beaucoup")
    content["patrimoine"] = [{"nom": "É", "protection": "mh_inscrit", "etat": "", "cout": "?"}]
    names = {v.indicateur for v in dc.declared_from(content, PARAMS, 2026, "s")}
    assert "logements_vacants_connus" not in names and "cout_patrimoine_estime" not in names
    assert "batiments_proteges" in names


@pytest.mark.parametrize(
    ("data", "is_pdf"),
    [
        (b"%PDF-1.7\n...", True),
        (b"\r\n%PDF-1.4", True),
        (b"PK\x03\x04 a zip renamed .pdf", False),
        (b"<html>%PDF-</html>", False),
        (b"", False),
    ],
)
def test_pdf_is_recognised_by_its_bytes(data, is_pdf):
    assert dc.is_pdf(data) is is_pdf


@pytest.mark.parametrize(
    ("text", "value"), [("12", 12), (" 1 200 ", 1200), ("-3", None), ("2,5", None), ("", None)]
)
def test_parse_entier(text, value):
    assert parse_entier(text) == value


def test_parameters_file():
    assert PARAMS.taille_max == 5 * 1024 * 1024
    assert PARAMS.proteges == {"mh_classe", "mh_inscrit", "spr"}
    assert "peril" in PARAMS.etats_conservation


def test_malformed_parameters_are_refused():
    bad = tomllib.loads("[version]\ncode = 1\n")
    with pytest.raises(dc.ParametresCandidatureInvalides, match="invalides"):
        dc.parametres_candidature_from_mapping(bad)


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([{"nom": "Lavoir", "protection": "aucune", "etat": "mauvais", "cout": "1"}], 1),
        ([{"nom": "Croix", "protection": "abords", "etat": "peril", "cout": "1"}], 1),
        ([{"nom": "Four", "protection": "aucune", "etat": "bon", "cout": "1"}], 0),
        ([{"nom": "Église", "protection": "mh_classe", "etat": "peril", "cout": "1"}], 0),
    ],
)
def test_unprotected_buildings_to_restore_feed_petit_patrimoine(items, expected):
    content = dict(FULL, patrimoine=items)
    values = {v.indicateur: v.valeur for v in dc.declared_from(content, PARAMS, 2026, "s")}
    assert values["petit_patrimoine_a_restaurer"] == expected
