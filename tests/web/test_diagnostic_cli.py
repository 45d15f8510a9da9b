"""``flask import-indicateurs``, end to end, for every format.

Inline fixtures are small, hand-made and follow the real formats exactly (see the docstring
of tests/sources/test_indicator_readers.py); the ANCT table is the real shared file.
"""

from sqlalchemy import func
from sqlmodel import Session, select

from tests.conftest import shared_file
from village_avenir.models import InstantaneDiagnostic, Journal, ValeurIndicateur


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def values(app):
    with Session(app.extensions["village_avenir.engine"]) as s:
        return {
            (v.code_insee, v.donnee): (v.valeur, v.annee)
            for v in s.exec(select(ValeurIndicateur)).all()
        }


def count(app, model):
    with Session(app.extensions["village_avenir.engine"]) as s:
        return s.exec(select(func.count()).select_from(model)).one()


def test_each_format_imports_with_report_and_old_codes_summed(loaded_fresh_app, tmp_path):
    app = loaded_fresh_app
    files = {
        "insee-logement": (
            "base-cc-logement-2021.CSV",
            "CODGEO;P21_LOG;P21_RP;P21_RSECOCC;P21_LOGVAC\n"
            "46172;300;200;60;40\n46217;50;30;15;5\n46001;345.5;250;60;35.5\n99999;1;1;1;1\n",
        ),
        "insee-population": (
            "base-cc-serie-historique-2021.CSV",
            "CODGEO;P21_POP;P15_POP;P10_POP\n46001;525;540;560\n46172;700;650;600\n46217;100;110;120\n",
        ),
        "lovac": (
            "Lovac_opendata_Communes.csv",
            "CODGEO_25;LIBGEO_25;pp_vacant_25;pp_vacant_plus_2ans_25;ff_pp_total_25\n"
            "46001;Albas;22;11;312\n46003;Anglars-Juillac;s;s;151\n",
        ),
        "bpe": (
            "bpe21_ensemble.csv",
            "REG;DEP;DEPCOM;DCIRIS;AN;TYPEQU;NB_EQUIP\n76;46;46102;46102_0101;2021;D265;12\n"
            "76;46;46042;46042_0101;2021;D307;9\n",
        ),
        "long": (
            "valeurs.csv",
            "code_insee;indicateur;valeur;annee;source\n46001;etat_patrimoine;3;2025;Visite du 3 mars 2025\n",
        ),
    }
    for fmt, (name, text) in files.items():
        path = tmp_path / name
        path.write_bytes(text.encode("cp1252" if fmt == "lovac" else "utf-8"))
        partiel = ["--partiel"] if fmt == "bpe" else []  # 2 communes of 312: partial file
        result = run(app, "import-indicateurs", fmt, str(path), *partiel)
        assert result.exit_code == 0, (fmt, result.output)
        assert "lignes lues" in result.output and "instantané n°" in result.output
    merimee = tmp_path / "merimee.csv"
    merimee.write_text(
        "Reference|Cog_insee_lors_de_la_protection|Typologie_de_la_protection\n"
        "PA00094975|46042|classé MH\nPA00095000|46217|inscrit MH\nPA00095001|46172|inscrit MH\n",
        encoding="utf-8",
    )
    assert (
        run(app, "import-indicateurs", "merimee", str(merimee)).exit_code != 0
    )  # --annee required
    result = run(app, "import-indicateurs", "merimee", str(merimee), "--annee", "2024", "--partiel")
    assert result.exit_code == 0, result.output
    assert "le fichier couvre 2 communes sur 312" in result.output
    got = values(app)
    # 46217 Pern is a commune déléguée of 46172: its counts are added to the current commune
    assert got[("46172", "log_total")] == (350.0, "2021")
    assert got[("46172", "pop_ancienne")] == (760.0, "2015")
    assert got[("46172", "mh_inscrits")] == (2.0, "2024")
    # partial files: a commune they do not name is left « non renseigné », never 0
    assert ("46001", "mh_classes") not in got
    assert got[("46102", "bpe_medecin")] == (12.0, "2021")
    assert ("46001", "bpe_medecin") not in got
    assert got[("46001", "lovac_vacants_2ans")] == (11.0, "2025")
    assert ("46003", "lovac_vacants_2ans") not in got
    assert got[("46001", "etat_patrimoine")] == (3.0, "2025")
    assert count(app, InstantaneDiagnostic) == 6


def test_report_lists_rejections_with_reasons(loaded_fresh_app, tmp_path):
    path = tmp_path / "lovac.csv"
    path.write_text(
        "CODGEO_25;LIBGEO_25;pp_vacant_25;pp_vacant_plus_2ans_25;ff_pp_total_25\n"
        "46001;Albas;22;11;312\n46003;Anglars;s;s;151\n75056;Paris;1;1;1\n",
        encoding="utf-8",
    )
    result = run(loaded_fresh_app, "import-indicateurs", "lovac", str(path))
    assert result.exit_code == 0, result.output
    assert "3 lignes lues ; 2 valeurs importées" in result.output
    assert "secret statistique" in result.output and "ligne 3 (46003)" in result.output
    assert "commune absente du référentiel" in result.output


def test_real_anct_table_gives_france_services(loaded_fresh_app):
    path = shared_file("data", "sources", "zero-logement-vacant", "ngeo-anct-cog2023.csv")
    result = run(
        loaded_fresh_app, "import-indicateurs", "anct-france-services", str(path), "--annee", "2023"
    )
    assert result.exit_code == 0, result.output
    got = values(loaded_fresh_app)
    fs = {k[0]: v[0] for k, v in got.items() if k[1] == "france_services"}
    assert len(fs) == 312 and sum(fs.values()) == 22
    assert "46217 → 46172" in result.output


def test_malformed_file_refused_whole_with_line_number(loaded_fresh_app, tmp_path):
    path = tmp_path / "base-cc-logement-2021.CSV"
    path.write_text("CODGEO;P21_LOG;P21_LOGVAC\n46001;345;35\n46003;12;douze\n", encoding="utf-8")
    before = (count(loaded_fresh_app, ValeurIndicateur), count(loaded_fresh_app, Journal))
    result = run(loaded_fresh_app, "import-indicateurs", "insee-logement", str(path))
    assert result.exit_code != 0
    assert "Ligne 3" in result.output and "aucune donnée n'a été importée" in result.output
    assert "Traceback" not in result.output
    assert (count(loaded_fresh_app, ValeurIndicateur), count(loaded_fresh_app, Journal)) == before
    assert count(loaded_fresh_app, InstantaneDiagnostic) == 0


BPE_HEADER = "REG;DEP;DEPCOM;DCIRIS;AN;TYPEQU;NB_EQUIP\n"


def coverages(app):
    from village_avenir.db import get_session
    from village_avenir.services.diagnostic import latest_scores

    with app.app_context():
        return {code: s.couverture for code, s in latest_scores(get_session()).items()}


def test_a_two_line_bpe_file_is_refused_then_partial_leaves_the_others_unchanged(
    loaded_fresh_app, tmp_path
):
    """Issue 24: « 2 lignes lues ; 1560 valeurs importées » made 0 doctors everywhere."""
    app = loaded_fresh_app
    path = tmp_path / "bpe23_ensemble.csv"
    path.write_text(
        BPE_HEADER + "76;46;46102;46102_0101;2023;D265;12\n76;46;46042;46042_0101;2023;D307;9\n",
        encoding="utf-8",
    )
    before = (count(app, ValeurIndicateur), count(app, Journal), count(app, InstantaneDiagnostic))
    cov_before = coverages(app)
    refused = run(app, "import-indicateurs", "bpe", str(path))
    assert refused.exit_code != 0 and "Traceback" not in refused.output
    assert "le fichier couvre 2 communes sur 312" in refused.output
    assert "--partiel" in refused.output
    assert (
        count(app, ValeurIndicateur),
        count(app, Journal),
        count(app, InstantaneDiagnostic),
    ) == before
    result = run(app, "import-indicateurs", "bpe", str(path), "--partiel")
    assert result.exit_code == 0, result.output
    assert "2 lignes lues ; 2 valeurs importées" in result.output
    assert "Fichier partiel : le fichier couvre 2 communes sur 312" in result.output
    got = values(app)
    assert {k for k in got if k[1].startswith("bpe_")} == {
        ("46102", "bpe_medecin"),
        ("46042", "bpe_pharmacie"),
    }
    cov_after = coverages(app)
    assert {c: v for c, v in cov_after.items() if c not in {"46102", "46042"}} == {
        c: v for c, v in cov_before.items() if c not in {"46102", "46042"}
    }


def test_a_bpe_file_covering_the_departement_gives_0_to_the_communes_it_omits(
    loaded_fresh_app, tmp_path
):
    """311 communes of 312 named (any equipment type counts): exhaustive, absent = 0."""
    from village_avenir.db import get_session
    from village_avenir.repository import current_codes

    app = loaded_fresh_app
    with app.app_context():
        codes = sorted(current_codes(get_session()))
    lines = [f"76;46;{c};{c}_0101;2023;A101;1" for c in codes if c != "46001"]  # not catalogued
    lines.append("76;46;46102;46102_0101;2023;D265;12")
    path = tmp_path / "bpe23_ensemble.csv"
    path.write_text(BPE_HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    result = run(app, "import-indicateurs", "bpe", str(path))
    assert result.exit_code == 0, result.output
    assert "Fichier complet : le fichier couvre 311 communes sur 312" in result.output
    got = values(app)
    assert got[("46102", "bpe_medecin")] == (12.0, "2023")
    assert got[("46001", "bpe_medecin")] == (0.0, "2023")
    assert got[("46003", "bpe_medecin")] == (0.0, "2023")
