"""Issue 14 n° 3: every CSV export goes through one writer that neutralises formulas."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from tests.web.conftest import logged
from village_avenir.db import get_session
from village_avenir.domain.planning import Need
from village_avenir.exports import csv_text, safe_cell
from village_avenir.parametres import load_catalogue_actions
from village_avenir.services import campagnes
from village_avenir.services import plans as sp

DANGEROUS = ['=HYPERLINK("http://x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_starts_are_neutralised(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", [-12, -1.5, 0, "-12", "-1 234,5", "+3", "12", "Albas"])
def test_numbers_stay_numbers_and_text_stays_text(value):
    assert safe_cell(value) == value


def _rows(text: str) -> list[dict]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def test_writer_keeps_bom_separator_and_numbers():
    text = csv_text(["a", "b"], [["=1+1", -3]])
    assert text == "\ufeffa;b\r\n'=1+1;-3\r\n"


def test_application_export_neutralises_the_campaign_name(users_app):
    with users_app.app_context():
        campagnes.create_campaign(
            get_session(),
            nom='=HYPERLINK("http://pirate.test";"Appel")',
            ouverture=date.today() - timedelta(days=1),
            cloture=date.today() + timedelta(days=3),
            regles_version="2021-01",
            qui="tests",
        )
    commune = logged(users_app, "commune")
    commune.post("/candidatures/nouvelle", data={"csrf_token": _token(commune)})
    body = logged(users_app, "ingenieur").get("/candidatures/export.csv").get_data(as_text=True)
    rows = _rows(body)
    assert rows and rows[0]["campagne"].startswith("'=HYPERLINK")


def _token(client):
    from tests.conftest import csrf_token

    return csrf_token(client, "/candidatures/nouvelle")


def test_plan_export_neutralises_porteur_and_source(users_app):
    with users_app.app_context():
        s = get_session()
        needs = [Need("logement", "logements_vacants", 80, "@SUM(1+1)*cmd")]
        sp.propose(s, "46001", needs, load_catalogue_actions(), qui="tests")
        sp.update_action(
            s, "46001", 1, budget=1000, porteur="-2+3+cmd", statut="prevue", qui="tests"
        )
    body = logged(users_app, "commune").get("/communes/46001/plan.csv").get_data(as_text=True)
    row = _rows(body)[0]
    assert row["porteur"] == "'-2+3+cmd"
    assert row["source_besoin"].startswith("'@SUM")
    assert row["budget"] == "1000"


# ---- the fuzz suite's hostile values, formulas included, through the one writer -----------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.web import fuzz_support as fz  # noqa: E402

cells = st.one_of(
    fz.hostile.filter(lambda v: len(v) < 100_000),
    st.sampled_from(fz.FORMULAS),
    st.integers(),
    st.floats(),
)


@settings(max_examples=200, derandomize=True, database=None)
@given(st.lists(st.lists(cells, min_size=1, max_size=5), max_size=5))
def test_no_exported_cell_can_start_a_formula(rows):
    import re

    text = csv_text(["a"], rows)
    number = re.compile(r"[+-]?[0-9][0-9\u202f\u00a0 ]*([.,][0-9]+)?|[+-]?(inf|nan)|-?[0-9.e+-]+")
    for line in csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"):
        for cell in line:
            if cell.startswith(("=", "+", "-", "@", "\t", "\r")):
                assert number.fullmatch(cell), cell
