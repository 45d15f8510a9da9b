"""Readers of heritage files. Fixtures are small and hand-made but follow the real layouts
exactly: the project's documented inventory layout (README « Patrimoine ») and the POP
Mérimée export (``|``-separated, UTF-8, column names of HERITAGE_REFERENCES.md §4)."""

from __future__ import annotations

import io

import pytest

from village_avenir.sources import ImportInvalide
from village_avenir.sources.merimee import read_merimee_elements
from village_avenir.sources.patrimoine import read_inventaire

MERIMEE = (
    "Reference|Denomination_de_l_edifice|Titre_editorial_de_la_notice|Commune_forme_editoriale|"
    "COG_Insee_lors_de_la_protection|Typologie_de_la_protection|Statut_juridique_de_l_edifice|"
    "coordonnees_au_format_WGS84\n"
    "PA00094978|église|Église Saint-Martin|Albas|46001|inscrit MH|propriété de la commune|44.4697, 1.2355\n"
    "PA00095000|dolmen|Dolmen de la Pierre Levée|Albas|46001|classé MH|propriété privée|\n"
    "PA00099999|maison|Renvoi|Albas|46001||propriété privée|\n"
)


def test_inventory_lines_keep_their_numbers_and_optional_columns():
    text = (
        "code_insee;nom;type;protection;etat;longitude;latitude;date_visite;source;notes\n"
        "46001;Lavoir;lavoir;;;;;;PNR;Toiture effondrée\n\n"
        "46003;Four;four;non_protege;bon;1,5;44,5;2026-05-12;CAUE;\n"
    )
    lignes = read_inventaire(io.StringIO(text))
    assert [(ligne.line, ligne.code_insee) for ligne in lignes] == [(2, "46001"), (4, "46003")]
    assert (
        lignes[0].champs["etat"] == "non_evalue"
        and lignes[0].champs["notes"] == "Toiture effondrée"
    )
    assert lignes[1].champs["date_etat"] == "2026-05-12" and "notes" not in lignes[1].champs


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("code_insee;nom;type\n46001;x;four\n", "Ligne 1 : colonnes absentes : protection"),
        (
            "code_insee;nom;type;protection;etat;longitude;latitude;date_visite;source\n"
            "46001;" + "x" * 5001 + ";four;;;;;;\n",
            "Ligne 2 : colonne nom : 5001 caractères",
        ),
        (
            "code_insee;nom;type;protection;etat;longitude;latitude;date_visite;source\n"
            "46001;x;four;;;;;;;;en trop\n",
            "Ligne 2 : plus de valeurs",
        ),
    ],
)
def test_bad_inventory_files_are_refused_by_line(text, message):
    with pytest.raises(ImportInvalide, match=message):
        read_inventaire(io.StringIO(text))


def test_merimee_rows_with_a_protection_become_items():
    rows = read_merimee_elements(io.StringIO(MERIMEE))
    assert [r.reference for r in rows] == ["PA00094978", "PA00095000"]
    eglise = rows[0]
    assert (eglise.codes, eglise.titre, eglise.protection) == (
        ("46001",),
        "Église Saint-Martin",
        "inscrit MH",
    )
    assert (eglise.longitude, eglise.latitude) == (1.2355, 44.4697)
    assert rows[1].longitude is None


def test_a_file_that_is_not_merimee_is_refused():
    with pytest.raises(ImportInvalide, match="export Mérimée"):
        read_merimee_elements(io.StringIO("Reference|INSEE\nPA1|46001\n"))
