from datetime import UTC, datetime

import pytest

from village_avenir.domain.nombres import format_nombre
from village_avenir.formatting import (
    action_label,
    compte,
    date_locale,
    de_commune,
    heure_locale,
    pluriel,
)


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
    assert format_nombre(valeur, decimales) == attendu


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


@pytest.mark.parametrize(
    ("quand", "attendu"),
    [
        (datetime(2026, 7, 1, 12, 0), "01/07/2026 à 14:00"),  # summer: UTC+2
        (datetime(2026, 1, 1, 12, 0, tzinfo=UTC), "01/01/2026 à 13:00"),  # winter: UTC+1
        (datetime(2026, 3, 29, 23, 30), "30/03/2026 à 01:30"),  # the day changes in Paris
        (None, "date inconnue"),
    ],
)
def test_heure_locale_is_paris_time(quand, attendu):
    assert heure_locale(quand) == attendu


def test_date_locale_takes_the_day_in_paris():
    assert date_locale(datetime(2026, 6, 30, 22, 30)) == "01/07/2026"


@pytest.mark.parametrize(
    ("n", "singulier", "pluriel_", "attendu"),
    [
        (0, "action", None, "0 action"),
        (1, "action", None, "1 action"),
        (2, "action", None, "2 actions"),
        (2, "commune placée", "communes placées", "2 communes placées"),
        (1234.0, "élément", None, "1\u202f234 éléments"),
        (2.5, "jour", None, "2,5 jours"),
        (None, "élément", None, "0 élément"),
    ],
)
def test_compte_agrees_in_french_and_drops_decimals_of_integers(n, singulier, pluriel_, attendu):
    assert compte(n, singulier, pluriel_) == attendu


def test_pluriel():
    assert [pluriel(n, "est", "sont") for n in (0, 1, 2, 312)] == ["est", "est", "sont", "sont"]
