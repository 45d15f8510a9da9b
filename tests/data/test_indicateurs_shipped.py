"""The shipped indicator file is exactly what scripts/build_indicateurs.py makes from the
sources, keeps statistical secrecy as such, and is loaded (with a first snapshot) by init-db."""

import csv
import importlib.util
import io
import json
from pathlib import Path

from sqlmodel import Session, select

from tests.conftest import shared_file
from village_avenir.models import InstantaneDiagnostic, ValeurIndicateur

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "data" / "indicateurs" / "46.csv"


def build_module():
    spec = importlib.util.spec_from_file_location(
        "build_indicateurs", ROOT / "scripts" / "build_indicateurs.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def shipped_rows():
    return list(csv.DictReader(io.StringIO(SHIPPED.read_text(encoding="utf-8")), delimiter=";"))


def test_shipped_file_is_what_the_script_builds_from_the_sources():
    comparateur = shared_file(
        "data", "sources", "insee_comparateur_2025", "insee_base_cc_comparateur_2025_lot46.csv"
    )
    anct = shared_file("data", "sources", "zero-logement-vacant", "ngeo-anct-cog2023.csv")
    built = build_module().build_text("46", comparateur, anct)
    assert built == SHIPPED.read_text(encoding="utf-8")


def test_every_line_has_commune_indicator_value_year_source_licence():
    rows = shipped_rows()
    assert list(rows[0]) == ["code_insee", "indicateur", "valeur", "annee", "source", "licence"]
    codes = {r["code_insee"] for r in rows}
    assert len(codes) == 312 and all(c.startswith("46") for c in codes)
    assert all(r["source"] and r["licence"] and r["annee"] for r in rows)
    # Cahors, census 2022, as published (not rounded)
    cahors = {r["indicateur"]: r for r in rows if r["code_insee"] == "46042"}
    assert cahors["pop_recente"]["valeur"] == "19902" and cahors["pop_recente"]["annee"] == "2022"
    assert cahors["log_vacants"]["valeur"] == "1670.46013948793"
    assert cahors["taux_pauvrete"]["valeur"] == "19.0"  # decimal comma turned into a point
    assert sum(r["valeur"] == "1" for r in rows if r["indicateur"] == "france_services") == 22


def test_secrecy_is_kept_and_pern_is_not_invented():
    rows = shipped_rows()
    secret = [r for r in rows if r["valeur"] == "s"]
    assert secret and all(r["indicateur"] in {"revenu_median", "taux_pauvrete"} for r in secret)
    assert not [r for r in rows if r["code_insee"] == "46217"]
    pern = {r["indicateur"] for r in rows if r["code_insee"] == "46172"}
    assert "pop_recente" in pern and "revenu_median" not in pern and "taux_pauvrete" not in pern


def test_init_db_loads_the_file_and_takes_a_first_snapshot(fresh_app):
    result = fresh_app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "Indicateurs fournis (46.csv)" in result.output
    with Session(fresh_app.extensions["village_avenir.engine"]) as s:
        values = s.exec(select(ValeurIndicateur)).all()
        snaps = s.exec(select(InstantaneDiagnostic)).all()
    assert len(values) == len(shipped_rows())
    by_key = {(v.code_insee, v.donnee): v for v in values}
    secret = by_key[("46001", "taux_pauvrete")]
    assert secret.statut == "secret"  # never a 0 that enters a score
    assert by_key[("46001", "revenu_median")].valeur == 22310
    assert len(snaps) == 1
    content = json.loads(snaps[0].contenu)
    detail = {row[0]: row for row in content["communes"]["46001"]["detail"]}
    assert detail["taux_vacance"][1] is not None and detail["taux_vacance"][7] == "2022"
    again = fresh_app.test_cli_runner().invoke(args=["init-db"])
    assert "Indicateurs fournis" not in again.output
