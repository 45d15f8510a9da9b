"""Readers of membership files: the real ANCT table and our programme CSV.

Small inline fixtures are hand-made but follow the real formats exactly (same header,
quoting — every value of ``ngeo-anct-cog2023.csv`` is double-quoted, empty ones are bare —
and id shapes as the real table; header of ``data/communes/programmes.csv``).
"""

import io
from datetime import date

import pytest

from tests.conftest import shared_file
from tests.data.test_shipped_data import ACV, PVD
from village_avenir.sources import ImportInvalide
from village_avenir.sources.programmes import read_anct_table, read_programmes_csv

ANCT_HEADER = (
    '"insee_com","lib_com","id_pvd","id_ti","id_crte","id_acv","id_ami","id_fabp","id_amm",'
    '"id_habinclus","id_cite","id_cde","id_fs","id_acv2","id_va","id_site"\n'
)


def test_real_anct_table_gives_the_lot_acv_and_pvd():
    path = shared_file("data", "sources", "zero-logement-vacant", "ngeo-anct-cog2023.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = read_anct_table(fh, source="ANCT", date_source="2023", departement="46")
    assert {r.code_insee for r in rows if r.membership.programme == "acv"} == ACV
    assert {r.code_insee for r in rows if r.membership.programme == "pvd"} == PVD
    assert all(r.membership.niveau_preuve == "officiel" for r in rows)
    assert all("Identifiant ANCT" in r.membership.preuve for r in rows)


def test_real_anct_table_whole_france_counts():
    path = shared_file("data", "sources", "zero-logement-vacant", "ngeo-anct-cog2023.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = read_anct_table(fh, source="ANCT", date_source="2023")
    assert sum(r.membership.programme == "pvd" for r in rows) == 1653
    assert sum(r.membership.programme == "acv" for r in rows) == 246


def test_anct_small_table_in_the_real_layout():
    text = (
        ANCT_HEADER
        + '"01004","Ambérieu-en-Bugey",,,"crte-84-01-8","acv-008",,,,,,,"634",,,\n'
        + '"46001","Albas",,,"crte-76-46-1",,,,,,,,,,,\n'
    )
    rows = read_anct_table(io.StringIO(text), source="s", date_source="2023")
    assert [(r.code_insee, r.membership.programme) for r in rows] == [("01004", "acv")]
    assert "acv-008" in rows[0].membership.preuve


def test_anct_malformed_code_names_the_line():
    text = (
        ANCT_HEADER
        + '"46001","Albas",,,,,,,,,,,,,,\n'
        + '"4X001","Mauvais","pvd-76-46-19",,,,,,,,,,,,,\n'
    )
    with pytest.raises(ImportInvalide, match="Ligne 3"):
        read_anct_table(io.StringIO(text), source="s", date_source="2023")


def test_a_file_that_is_not_the_anct_table_is_refused():
    with pytest.raises(ImportInvalide, match="insee_com"):
        read_anct_table(io.StringIO("code;nom\n46001;Albas\n"), source="s", date_source=None)


PROG_HEADER = "code_insee,nom,programme,niveau_preuve,source,source_url,date_source,preuve\n"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("46001,Albas,bco,rumeur,Presse,,2019,x", "niveau de preuve inconnu"),
        ("46001,Albas,,officiel,Presse,,2019,x", "programme vide"),
        ("46001,Albas,bco,officiel,,,2019,x", "source vide"),
        ("460,Albas,bco,officiel,Presse,,2019,x", "code INSEE"),
    ],
)
def test_programmes_csv_errors_name_the_line(line, message):
    text = PROG_HEADER + "46042,Cahors,acv,officiel,ANCT,,2023,ok\n" + line + "\n"
    with pytest.raises(ImportInvalide, match=f"Ligne 3 : .*{message}"):
        read_programmes_csv(io.StringIO(text), {"officiel"})


def test_programmes_csv_missing_columns_refused():
    with pytest.raises(ImportInvalide, match="colonnes manquantes"):
        read_programmes_csv(io.StringIO("code_insee,programme\n46001,acv\n"))


DATED_HEADER = PROG_HEADER.rstrip("\n") + ",liste,debut,fin\n"


@pytest.mark.parametrize(
    ("debut", "fin", "message"),
    [
        ("07/11/2019", "", "début « 07/11/2019 » : date attendue au format AAAA-MM-JJ"),
        ("1850-01-01", "", "début « 1850-01-01 » : date hors de la période 1990-2100"),
        ("", "2999-01-01", "fin « 2999-01-01 » : date hors de la période"),
        ("2021-01-01", "2020-01-01", "la fin de l'adhésion précède son début"),
    ],
)
def test_membership_dates_are_checked_and_name_the_line(debut, fin, message):
    text = DATED_HEADER + f"46102,Figeac,bco,officiel,Presse,,2019,x,,{debut},{fin}\n"
    with pytest.raises(ImportInvalide, match=f"Ligne 2 : {message}"):
        read_programmes_csv(io.StringIO(text), {"officiel"})


def test_dated_list_and_dates_are_read():
    text = DATED_HEADER + "46102,Figeac,bco,officiel,Presse,,2019,x,bco-test,2019-11-07,\n"
    (row,) = read_programmes_csv(io.StringIO(text), {"officiel"})
    m = row.membership
    assert (m.liste, m.debut, m.fin) == ("bco-test", date(2019, 11, 7), None)


def test_anct_rows_carry_their_dated_list():
    text = ANCT_HEADER + '"46042","Cahors",,,,"acv-042",,,,,,,,,,\n'
    (row,) = read_anct_table(io.StringIO(text), source="s", date_source="2023", liste="cog2023")
    assert row.membership.liste == "acv-cog2023"
