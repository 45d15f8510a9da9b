"""Forgiving commune search: one row per way people type a name."""

import pytest

from village_avenir.domain.recherche import normalize, search

NOMS = [
    "Béduer",
    "Cahors",
    "Saint-Céré",
    "Saint-Cirgues",
    "Sainte-Colombe",
    "Saint-Cirq-Lapopie",
    "L'Hospitalet",
]


@pytest.mark.parametrize(
    ("saisie", "attendu"),
    [
        ("st cirgues", ["Saint-Cirgues"]),
        ("St-Cirgues", ["Saint-Cirgues"]),
        ("saint cirgues", ["Saint-Cirgues"]),
        ("SAINT-CIRGUES", ["Saint-Cirgues"]),
        ("saintcirgues", ["Saint-Cirgues"]),
        ("saint-cere", ["Saint-Céré"]),
        ("beduer", ["Béduer"]),
        ("ste colombe", ["Sainte-Colombe"]),
        ("saint ci", ["Saint-Cirgues", "Saint-Cirq-Lapopie"]),
        ("cirq", ["Saint-Cirq-Lapopie"]),
        ("l'hosp", ["L'Hospitalet"]),
        ("lhospitalet", ["L'Hospitalet"]),
        ("ors", ["Cahors"]),
        ("  ", NOMS),
        ("zzz", []),
    ],
)
def test_search_forgives(saisie, attendu):
    assert search(saisie, NOMS, name=str) == attendu


def test_names_starting_with_the_query_come_first():
    assert search("ce", ["Saint-Céré", "Cénevières"], name=str) == ["Cénevières", "Saint-Céré"]


def test_codes_match_too():
    items = [("46042", "Cahors"), ("46255", "Saint-Cirgues")]
    assert search("4625", items, name=lambda i: i[1], code=lambda i: i[0]) == [items[1]]


def test_normalize():
    assert normalize("Saint-Cirq-Lapopie") == "saint cirq lapopie"
    assert normalize("St Œuf") == "saint oeuf"
