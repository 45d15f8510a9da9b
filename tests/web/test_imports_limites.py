"""Imports and the write limiter, and the length of every text read from a file (issue 25,
L6 and L7): an engineer got 429 for a minute after an import that changed 80 values; the
``source`` text of an imported file had no length limit.

The CSV files below are small and hand-made, in the project's long format exactly
(``code_insee;indicateur;valeur;annee;source``, ``;``-separated, UTF-8, as
``data/indicateurs/46.csv``) and in the BPE's format (``DEPCOM;TYPEQU;NB_EQUIP;AN``)."""

from __future__ import annotations

import io
import re

import pytest
from sqlmodel import Session, select

from tests.conftest import USERS, csrf_token, login
from tests.web.test_diagnostic_imports import counts, upload
from village_avenir.models import Commune
from village_avenir.sources import ImportInvalide
from village_avenir.sources.indicateurs import read_long_csv
from village_avenir.sources.lecture import CELLULE_MAX, SOURCE_MAX
from village_avenir.web.limites import recent_writes

HEADER = "code_insee;indicateur;valeur;annee;source\n"
SOURCE = "INSEE, base du comparateur de territoires 2025 (recensement 2022)"


def _long_file(codes: list[str], source: str = SOURCE) -> bytes:
    lines = [f"{code};log_vacants;{7 + i};2022;{source}" for i, code in enumerate(codes)]
    return (HEADER + "\n".join(lines) + "\n").encode()


def _confirm(client, html: str, name: str):
    jeton = re.search(r'name="jeton" value="([^"]+)"', html).group(1)
    return client.post(
        "/diagnostic/imports",
        data={
            "csrf_token": csrf_token(client, "/diagnostic/imports"),
            "action": "confirmer",
            "jeton": jeton,
            "nom": name,
            "format": "long",
            "annee": "",
        },
    )


def test_an_import_of_80_values_counts_as_one_write(users_app):
    with Session(users_app.extensions["village_avenir.engine"]) as s:
        codes = list(s.exec(select(Commune.code_insee).order_by(Commune.code_insee)).all())[:80]
    ing = users_app.test_client()
    login(ing, "ingenieur")
    preview = upload(ing, "long", _long_file(codes), "vacants.csv")
    assert preview.status_code == 200, preview.get_data(as_text=True)[:300]
    users_app.config["ECRITURES_PAR_MINUTE"] = 3
    try:
        assert _confirm(ing, preview.get_data(as_text=True), "vacants.csv").status_code == 302
        with users_app.app_context():
            from village_avenir.db import get_session

            assert recent_writes(get_session(), USERS["ingenieur"][0]) == 1
        # The engineer goes on working: the next save is not refused for a minute.
        again = upload(ing, "long", _long_file(codes[:2]), "deux.csv")
        assert again.status_code == 200, again.get_data(as_text=True)[:300]
    finally:
        users_app.config["ECRITURES_PAR_MINUTE"] = 1_000_000


def test_a_source_over_its_limit_is_refused_with_its_line_and_nothing_written(users_app):
    ing = users_app.test_client()
    login(ing, "ingenieur")
    before = counts(users_app)
    data = _long_file(["46001"]) + f"46002;log_vacants;3;2022;{'x' * 301}\n".encode()
    r = upload(ing, "long", data)
    html = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "Ligne 3" in html and "colonne « source »" in html and "300 au plus" in html
    assert "x" * 301 not in html  # the message never repeats the text
    assert counts(users_app) == before


def test_every_cell_of_every_format_has_a_limit(users_app):
    ing = users_app.test_client()
    login(ing, "ingenieur")
    before = counts(users_app)
    huge = "é" * (CELLULE_MAX + 1)  # under the csv module's own limit, over ours
    bpe = f"DEPCOM;TYPEQU;NB_EQUIP;AN\n46001;D201;1;2023\n46002;D201;1;2023;{huge}\n"
    r = upload(ing, "bpe", bpe.encode())
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "Ligne 3" in html and "texte trop long" in html
    assert counts(users_app) == before


@pytest.mark.parametrize(
    ("row", "column"),
    [
        (f"46001;log_vacants;3;2022;{'s' * (SOURCE_MAX + 1)}", "source"),
        (f"46001;{'i' * 101};3;2022;{SOURCE}", "indicateur"),
        (f"46001;log_vacants;3;{'2' * 21};{SOURCE}", "annee"),
    ],
)
def test_the_long_format_reader_bounds_each_kept_text(row, column):
    fh = io.StringIO(HEADER + f"46001;log_vacants;3;2022;{SOURCE}\n" + row + "\n", newline="")
    with pytest.raises(ImportInvalide) as refused:
        read_long_csv(fh, {"log_vacants"})
    assert refused.value.line == 3 and f"colonne « {column} »" in str(refused.value)
    ok = io.StringIO(HEADER + f"46001;log_vacants;3;2022;{'s' * SOURCE_MAX}\n", newline="")
    assert read_long_csv(ok, {"log_vacants"}).rows[0].source == "s" * SOURCE_MAX


def test_a_bad_value_is_quoted_short():
    fh = io.StringIO(HEADER + f"46001;log_vacants;{'9x' * 5000};2022;{SOURCE}\n", newline="")
    with pytest.raises(ImportInvalide) as refused:
        read_long_csv(fh, {"log_vacants"})
    assert len(str(refused.value)) < 200
