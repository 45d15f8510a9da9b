"""Issue 14 n° 6: one parser for dates and numbers typed in forms."""

import re
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from village_avenir.domain.dates import (
    ADHESION_ANNEE_MAX,
    ADHESION_ANNEE_MIN,
    SaisieInvalide,
    as_utc,
    check_date_periode,
    check_period,
    parse_annee,
    parse_date,
    parse_date_iso,
    parse_date_partielle,
)
from village_avenir.domain.nombres import parse_decimal, parse_entier, parse_montant

ARABIC = "\u0661\u0662"  # ١٢
FULL_WIDTH = "\uff11\uff12"  # １２


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-15", date(2026, 3, 15)),
        ("15/03/2026", date(2026, 3, 15)),
        (" 1/2/1900 ", date(1900, 2, 1)),
    ],
)
def test_parse_date_accepts_iso_and_french(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["2026-99-99", "2026-02-30", "0000-01-01", "9999-12-31", "1899-12-31", "2101-01-01",
     f"20{ARABIC}-01-01", f"20{FULL_WIDTH}-01-01", "", "demain", "2026/03/15"],
)  # fmt: skip
def test_parse_date_refuses_impossible_dates_odd_years_and_digits(text):
    with pytest.raises(SaisieInvalide):
        parse_date(text)


def test_messages_are_french():
    with pytest.raises(SaisieInvalide, match="n'existe pas"):
        parse_date("2026-99-99")
    with pytest.raises(SaisieInvalide, match="chiffres 0 à 9"):
        parse_annee("٢٠٢٤")
    with pytest.raises(SaisieInvalide, match="hors limites"):
        parse_annee("0000")


@pytest.mark.parametrize(
    ("text", "kept"), [("2019", "2019"), ("2019-07", "2019-07"), ("2019-07-14", "2019-07-14")]
)
def test_partial_dates(text, kept):
    assert parse_date_partielle(text) == kept


@pytest.mark.parametrize(
    "text", ["2026-99-99", "2026-13", "2026-02-30", "0000", "9999", f"20{ARABIC}"]
)
def test_partial_dates_refused(text):
    with pytest.raises(SaisieInvalide):
        parse_date_partielle(text)


def test_campaign_periods():
    check_period(date(2026, 1, 1), date(2026, 6, 30), [("A", date(2025, 1, 1), date(2025, 12, 31))])
    for start, end in [
        (date(1, 1, 1), date(2026, 1, 1)),
        (date(2026, 1, 1), date(9999, 12, 31)),
        (date(2026, 6, 1), date(2026, 1, 1)),
        (date(2026, 1, 1), date(2029, 1, 1)),
    ]:
        with pytest.raises(SaisieInvalide):
            check_period(start, end)
    with pytest.raises(SaisieInvalide, match="chevauchent l'appel « A »"):
        check_period(
            date(2025, 12, 31), date(2026, 3, 1), [("A", date(2025, 1, 1), date(2025, 12, 31))]
        )


@pytest.mark.parametrize("text", [ARABIC, FULL_WIDTH, f"1{ARABIC},5"])
def test_numbers_refuse_non_ascii_digits(text):
    with pytest.raises(ValueError):
        parse_decimal(text)
    assert parse_entier(text) is None
    assert parse_montant(text) is None


def test_numbers_still_read_french_formats():
    assert parse_decimal("-1 234,5") == -1234.5
    assert parse_montant("1 234,50") == 1234.5


# --- bounded dates: membership start and end (forms and the programme file) ---------------


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (date(1989, 12, 31), False),
        (date(1990, 1, 1), True),
        (date(2019, 11, 7), True),
        (date(2100, 12, 31), True),
        (date(2101, 1, 1), False),
        (date(1850, 1, 1), False),
    ],
)
def test_check_date_periode_for_memberships(value, ok):
    if ok:
        assert check_date_periode(value, ADHESION_ANNEE_MIN, ADHESION_ANNEE_MAX) == value
    else:
        with pytest.raises(SaisieInvalide, match="^date hors de la période 1990-2100.$"):
            check_date_periode(value, ADHESION_ANNEE_MIN, ADHESION_ANNEE_MAX)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-11-07", date(2019, 11, 7)),
        (" 1990-01-01 ", date(1990, 1, 1)),
        ("2100-12-31", date(2100, 12, 31)),
        ("1989-12-31", "hors de la période 1990-2100"),
        ("2999-01-01", "hors de la période 1990-2100"),
        ("07/11/2019", "format AAAA-MM-JJ"),  # files: ISO only
        ("2019-1-7", "format AAAA-MM-JJ"),
        ("20191107", "format AAAA-MM-JJ"),  # date.fromisoformat accepts it since 3.11
        ("2019-W45-4", "format AAAA-MM-JJ"),
        ("2019-02-30", "format AAAA-MM-JJ"),  # does not exist
        ("2019-13-01", "format AAAA-MM-JJ"),
        ("", "format AAAA-MM-JJ"),
        (None, "format AAAA-MM-JJ"),
        ("\u0662\u0660\u0661\u0669-11-07", "format AAAA-MM-JJ"),  # Arabic-Indic year
    ],
)
def test_parse_date_iso(text, expected):
    if isinstance(expected, date):
        assert parse_date_iso(text, ADHESION_ANNEE_MIN, ADHESION_ANNEE_MAX) == expected
    else:
        with pytest.raises(SaisieInvalide, match=expected):
            parse_date_iso(text, ADHESION_ANNEE_MIN, ADHESION_ANNEE_MAX)


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        (datetime(2026, 11, 30, 15, 0), datetime(2026, 11, 30, 15, 0, tzinfo=UTC)),
        (datetime(2026, 11, 30, 15, 0, tzinfo=UTC), datetime(2026, 11, 30, 15, 0, tzinfo=UTC)),
        (
            datetime(2026, 11, 30, 16, 0, tzinfo=timezone(timedelta(hours=1))),
            datetime(2026, 11, 30, 15, 0, tzinfo=UTC),
        ),
    ],
)
def test_as_utc_reads_naive_times_as_utc_and_keeps_aware_ones(stored, expected):
    result = as_utc(stored)
    assert result == expected
    assert result.tzinfo is (stored.tzinfo or UTC)  # an aware time keeps its own zone


# The one four-digit year check (issue 26 n° 4): forms (forms.base.annee_valide), the indicator
# values (domain.saisie), the browser and command-line imports all call it.
@pytest.mark.parametrize(
    ("text", "bornes", "expected"),
    [
        ("2024", (), 2024),
        (" 2024 ", (), 2024),
        (2024, (), 2024),
        ("1900", (), 1900),
        ("2100", (), 2100),
        ("2000", (2000, 2100), 2000),
        ("1899", (), "hors limites (1900 à 2100)"),
        ("2101", (), "hors limites"),
        ("1999", (2000, 2100), "hors limites (2000 à 2100)"),
        ("0000", (), "hors limites"),
        ("", (), "quatre chiffres"),
        (None, (), "quatre chiffres"),
        ("24", (), "quatre chiffres"),
        ("02024", (), "quatre chiffres"),
        ("20 24", (), "quatre chiffres"),
        ("2024-01", (), "quatre chiffres"),
        ("2024.0", (), "quatre chiffres"),
        ("+2024", (), "quatre chiffres"),
        ("deux mille", (), "quatre chiffres"),
        ("\u0662\u0660\u0662\u0664", (), "chiffres 0 à 9"),  # Arabic-Indic ٢٠٢٤
        ("\uff12\uff10\uff12\uff14", (), "chiffres 0 à 9"),  # full-width ２０２４
    ],
)
def test_parse_annee_table(text, bornes, expected):
    if isinstance(expected, int):
        assert parse_annee(text, *bornes) == expected
    else:
        with pytest.raises(SaisieInvalide, match=re.escape(expected)):
            parse_annee(text, *bornes)
