"""Names with their article (INSEE TNCC code) and the sort key that ignores it."""

import pytest

from village_avenir.domain.noms import cle_de_tri, nom_officiel


@pytest.mark.parametrize(
    ("nom", "type_nom", "attendu"),
    [
        ("Albas", "1", "Albas"),
        ("Cahors", "0", "Cahors"),
        ("Bourg", "2", "Le Bourg"),
        ("Capelle", 3, "La Capelle"),
        ("Arques", "4", "Les Arques"),
        ("Hospitalet", "5", "L'Hospitalet"),
        ("Marais", "6", "Aux Marais"),
        ("Masos", "8", "Los Masos"),
        ("Le Bourg", "2", "Le Bourg"),
        ("Bourg", None, "Bourg"),
        ("Bourg", "x", "Bourg"),
    ],
)
def test_nom_officiel(nom, type_nom, attendu):
    assert nom_officiel(nom, type_nom) == attendu


def test_sort_ignores_article_accents_and_case():
    noms = ["Le Vigan", "Les Arques", "Lalbenque", "Étampes", "Le Bourg", "Cahors"]
    assert sorted(noms, key=cle_de_tri) == [
        "Les Arques",
        "Le Bourg",
        "Cahors",
        "Étampes",
        "Lalbenque",
        "Le Vigan",
    ]
