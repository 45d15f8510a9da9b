"""The committee CSV from a pack (keyed by INSEE code, French decimals, inert free text)
and the sorting of its comparison table."""

import csv
import io

from village_avenir.exports import commission_csv

PACK = {
    "domaines": {"patrimoine": "Patrimoine"},
    "chiffres_cles": {"taux_vacance": "Vacance"},
    "instantane": {"id": 7},
    "candidatures": [
        {
            "code_insee": "46001",
            "commune": "Albas",
            "population": 560,
            "population_annee": "2021",
            "eligibilite": {"statut": "eligible", "regles_version": "2021-01"},
            "diagnostic": {
                "domaines": {"patrimoine": {"score": 61.25, "couverture": 0.5}},
                "global": 61.25,
                "couverture": 0.5,
            },
            "chiffres_cles": {"taux_vacance": {"valeur": 12.5, "annee": "2020"}},
            "projet": '=HYPERLINK("x")',
            "montant": 120000.0,
            "avis": {"avis": "favorable"},
            "version": 3,
        }
    ],
}


def test_commission_csv():
    text = commission_csv(PACK)
    assert text.startswith("\ufeffcode_insee;commune;")
    (row,) = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert row["code_insee"] == "46001" and row["besoin_patrimoine"] == "61,25"
    assert row["couverture_patrimoine"] == "0,5" and row["taux_vacance"] == "12,5"
    assert row["taux_vacance_annee"] == "2020" and row["instantane_diagnostic"] == "7"
    assert row["projet"].startswith("'=") and row["montant_estime_eur"] == "120000"
    assert row["avis"] == "favorable" and row["candidature_version"] == "3"


def test_sort_puts_rows_without_value_last_both_ways():
    from village_avenir.views.commission.tri import sorted_rows

    def row(nom, pop):
        return {"commune": nom, "population": pop}

    rows = [row("B", 300), row("a", None), row("C", 100)]
    assert [r["commune"] for r in sorted_rows(rows, "population", "asc")] == ["C", "B", "a"]
    assert [r["commune"] for r in sorted_rows(rows, "population", "desc")] == ["B", "C", "a"]
    assert [r["commune"] for r in sorted_rows(rows, "commune", "asc")] == ["a", "B", "C"]
    assert [r["commune"] for r in sorted_rows(rows, "ordre", "desc")] == ["C", "a", "B"]
