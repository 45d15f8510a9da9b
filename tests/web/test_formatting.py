import pytest

from village_avenir.formatting import action_label, de_commune, nombre


@pytest.mark.parametrize(
    ("nom", "attendu"),
    [
        ("Albas", "d'Albas"),
        ("Écrainville", "d'Écrainville"),
        ("Le Vigan", "du Vigan"),
        ("Les Quatre-Routes-du-Lot", "des Quatre-Routes-du-Lot"),
        ("La Bastide-du-Haut-Mont", "de La Bastide-du-Haut-Mont"),
        ("Cahors", "de Cahors"),
    ],
)
def test_de_commune(nom, attendu):
    assert de_commune(nom) == attendu


@pytest.mark.parametrize(
    ("valeur", "decimales", "attendu"),
    [(173828, 0, "173\u202f828"), (1234.5, 1, "1\u202f234,5"), (None, 0, "non renseigné")],
)
def test_nombre(valeur, decimales, attendu):
    assert nombre(valeur, decimales) == attendu


@pytest.mark.parametrize(
    ("action", "attendu"),
    [
        ("import:creation", "Import : création"),
        ("saisie:retrait", "Saisie : retrait"),
        ("diagnostic:retrait", "Diagnostic : retrait d'un ajustement"),
        ("inconnu:chose", "Inconnu : chose"),
    ],
)
def test_action_label(action, attendu):
    assert action_label(action) == attendu
