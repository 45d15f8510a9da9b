"""Indicator file readers on small hand-made fixtures that follow the real formats exactly.

- INSEE base-cc-logement / séries de population: ``;``-separated, UTF-8, header ``CODGEO``
  then vintage-prefixed variables (``P21_LOG``…, ``P21_POP``, ``D99_POP``…), decimals with a
  point (weighted counts).
- LOVAC open data communes: ``;``-separated, Windows-1252, ``CODGEO_25;LIBGEO_25;…;
  pp_vacant_25;pp_vacant_plus_2ans_25;ff_pp_total_24…``, ``s`` = statistical secrecy.
- BPE: ``REG;DEP;DEPCOM;DCIRIS;AN;TYPEQU;NB_EQUIP`` (counts) and ``…;DEPCOM;…;AN;TYPEQU;
  LAMBERT_X;LAMBERT_Y;…`` (one row per equipment).
- Mérimée (POP national export): ``|``-separated, UTF-8, ``Reference|…|Cog_insee_lors_de_la_
  protection|…|Typologie_de_la_protection``.
- ANCT table: the real shared file (``ngeo-anct-cog2023.csv``).
"""

import io

import pytest

from tests.conftest import shared_file
from village_avenir.sources import ImportInvalide
from village_avenir.sources.bpe import read_bpe
from village_avenir.sources.france_services import read_france_services
from village_avenir.sources.indicateurs import read_long_csv
from village_avenir.sources.insee import read_logement, read_population
from village_avenir.sources.lecture import open_text
from village_avenir.sources.lovac import read_lovac
from village_avenir.sources.merimee import read_merimee

GROUPS = {"bpe_medecin": ("D265",), "bpe_ecole": ("C107", "C108")}


def rows(result):
    return {(r.code_insee, r.donnee): (r.valeur, r.annee) for r in result.rows}


@pytest.mark.parametrize("yy,year", [("21", "2021"), ("20", "2020"), ("22", "2022")])
def test_insee_logement_any_vintage(yy, year):
    text = (
        f"CODGEO;P{yy}_LOG;P{yy}_RP;P{yy}_RSECOCC;P{yy}_LOGVAC;P{yy}_MAISON\n"
        "46001;345.12;250.4;60.1;34.62;300\n"
        "46217;40;30;5;5;38\n"
    )
    result = read_logement(io.StringIO(text))
    got = rows(result)
    assert got[("46001", "log_total")] == (345.12, year)
    assert got[("46001", "log_vacants")] == (34.62, year)
    assert got[("46217", "log_rsec")] == (5.0, year)
    assert result.lues == 2 and "46" in result.departements


def test_insee_logement_refuses_other_file_and_bad_number():
    with pytest.raises(ImportInvalide, match="Ligne 1"):
        read_logement(io.StringIO("CODGEO;P21_POP\n46001;525\n"))
    with pytest.raises(ImportInvalide, match="Ligne 3 .*« douze »"):
        read_logement(io.StringIO("CODGEO;P21_LOG\n46001;12\n46003;douze\n"))


def test_population_series_takes_latest_and_six_years_earlier():
    text = "CODGEO;P21_POP;P15_POP;P10_POP;D99_POP;D90_POP\n46001;525;540;560;500;480\n"
    got = rows(read_population(io.StringIO(text)))
    assert got[("46001", "pop_recente")] == (525.0, "2021")
    assert got[("46001", "pop_ancienne")] == (540.0, "2015")


def test_lovac_latest_year_latin1_and_secret(tmp_path):
    text = (
        "CODGEO_25;LIBGEO_25;pp_vacant_24;pp_vacant_plus_2ans_24;ff_pp_total_24;pp_vacant_25;pp_vacant_plus_2ans_25;ff_pp_total_25\n"
        "46001;Albas;20;9;310;22;11;312\n"
        "46003;Anglars-Juillac;s;s;150;s;s;151\n"
        "46102;Figeac;500;220;6000;510;230;6020\n"
    )
    path = tmp_path / "Lovac_opendata_Communes.csv"
    path.write_bytes(text.replace("Albas", "Albas é").encode("cp1252"))
    with open_text(path) as fh:
        result = read_lovac(fh)
    got = rows(result)
    assert got[("46001", "lovac_vacants_2ans")] == (11.0, "2025")
    assert got[("46102", "lovac_parc_prive")] == (6020.0, "2025")
    assert [r.raison for r in result.rejets] == ["valeur couverte par le secret statistique"]
    assert result.rejets[0].line == 3


def test_bpe_both_layouts():
    counts = (
        "REG;DEP;DEPCOM;DCIRIS;AN;TYPEQU;NB_EQUIP\n"
        "76;46;46102;46102_0101;2021;D265;12\n"
        "76;46;46102;46102_0101;2021;C108;3\n"
        "76;46;46001;46001;2021;C107;1\n"
        "76;46;46001;46001;2021;A504;2\n"
    )
    r1 = read_bpe(io.StringIO(counts), GROUPS)
    assert rows(r1)[("46102", "bpe_medecin")] == (12.0, "2021")
    assert r1.annee == "2021" and set(r1.exhaustives) == set(GROUPS)
    xy = (
        "REG;DEP;DEPCOM;DCIRIS;AN;TYPEQU;LAMBERT_X;LAMBERT_Y;QUALITE_XY;EPSG;QUALITE_GEOC;DOM;SDOM\n"
        "76;46;46102;46102_0101;2021;D265;606234.1;6391234.5;Bonne;2154;1;D;D2\n"
        "76;46;46102;46102_0101;2021;D265;606300.0;6391300.0;Bonne;2154;1;D;D2\n"
        "76;46;46001;46001;2021;C107;565000.0;6372000.0;Bonne;2154;1;C;C1\n"
    )
    r2 = read_bpe(io.StringIO(xy), GROUPS)
    assert [(r.code_insee, r.donnee, r.valeur) for r in r2.rows] == [
        ("46102", "bpe_medecin", 1.0),
        ("46102", "bpe_medecin", 1.0),
        ("46001", "bpe_ecole", 1.0),
    ]
    with pytest.raises(ImportInvalide, match="DEPCOM"):
        read_bpe(io.StringIO("CODGEO;TYPEQU\n46001;D265\n"), GROUPS)


def test_merimee_pipe_export_counts_classes_and_inscrits():
    text = (
        "Reference|Titre_editorial_de_la_notice|Cog_insee_lors_de_la_protection|Commune_forme_editoriale|Typologie_de_la_protection|Date_et_typologie_de_la_protection\n"
        "PA00094975|Pont Valentré|46042|Cahors|classé MH|1840 : classé MH\n"
        "PA00095000|Église|46001|Albas|inscrit MH|1927/05/12 : inscrit MH\n"
        "PA00095001|Château|46001;46003|Albas|classé MH partiellement ; inscrit MH|1950 : classé MH\n"
        "PA00095002|Renvoi|46001|Albas||\n"
    )
    result = read_merimee(io.StringIO(text), "2024")
    assert sorted((r.code_insee, r.donnee) for r in result.rows) == [
        ("46001", "mh_classes"),
        ("46001", "mh_inscrits"),
        ("46003", "mh_classes"),
        ("46042", "mh_classes"),
    ]
    assert result.exhaustives == ("mh_classes", "mh_inscrits")
    with pytest.raises(ImportInvalide, match="Ligne 2 : référence"):
        read_merimee(
            io.StringIO("Reference|Cog_insee|Typologie_de_la_protection\n|46001|classé MH\n"),
            "2024",
        )


def test_france_services_on_real_anct_table():
    path = shared_file("data", "sources", "zero-logement-vacant", "ngeo-anct-cog2023.csv")
    with open_text(path) as fh:
        result = read_france_services(fh, "2023")
    lot = [r for r in result.rows if r.code_insee.startswith("46")]
    assert len(lot) == 313  # COG 2023: 313 Lot codes (46217 Pern included)
    assert sum(r.valeur for r in lot) == 22  # SOURCES.md: 22 Lot communes with France services
    assert result.lues == 35039


def test_long_csv_format():
    text = "code_insee;indicateur;valeur;annee;source\n46001;etat_patrimoine;3;2025;Visite\n"
    got = rows(read_long_csv(io.StringIO(text), {"etat_patrimoine"}))
    assert got[("46001", "etat_patrimoine")] == (3.0, "2025")
    for bad, match in [
        ("46001;inconnu;3;2025;Visite\n", "indicateur inconnu"),
        ("46001;etat_patrimoine;3;25;Visite\n", "année invalide"),
        ("46001;etat_patrimoine;3;\u0662\u0660\u0662\u0665;Visite\n", "année invalide"),
        ("46001;etat_patrimoine;3;2025;\n", "source vide"),
        ("46001;etat_patrimoine;abc;2025;Visite\n", "non numérique"),
    ]:
        with pytest.raises(ImportInvalide, match=f"Ligne 2 : .*{match}"):
            read_long_csv(
                io.StringIO("code_insee;indicateur;valeur;annee;source\n" + bad),
                {"etat_patrimoine"},
            )
