"""The archive's value encoding (by column type) and member-name checks, on their own."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    Time,
)
from sqlmodel.sql.sqltypes import AutoString

from village_avenir.services.sauvegarde.format import (
    SauvegardeInvalide,
    check_member_name,
    decode,
    encode,
    is_piece_name,
)

T = Table(
    "essai",
    MetaData(),
    Column("i", Integer),
    Column("f", Float),
    Column("n", Numeric(12, 4)),
    Column("b", Boolean),
    Column("s", String(20)),
    Column("a", AutoString()),
    Column("t", Text),
    Column("d", Date),
    Column("dt", DateTime(timezone=True)),
    Column("h", Time),
    Column("bin", LargeBinary),
    Column("j", JSON),
)


def round_trip(name, value):
    col = T.columns[name]
    return decode(col, json.loads(json.dumps(encode(col, value))))


@pytest.mark.parametrize(
    "name,value,encoded",
    [
        ("n", Decimal("1234.5670"), "1234.5670"),
        ("d", date(2026, 3, 3), "2026-03-03"),
        (
            "dt",
            datetime(2026, 3, 3, 9, 5, 1, 123456, tzinfo=UTC),
            "2026-03-03T09:05:01.123456+00:00",
        ),
        (
            "dt",
            datetime(2026, 3, 3, 9, 5, tzinfo=timezone(timedelta(hours=1))),
            "2026-03-03T09:05:00+01:00",
        ),
        ("dt", datetime(2026, 3, 3, 9, 5), "2026-03-03T09:05:00"),
        ("h", time(8, 30), "08:30:00"),
        ("bin", b"\x01\x02\x00\xff", "AQIA/w=="),
        ("j", {"poids": [1, 2.5, None], "é": "« »"}, {"poids": [1, 2.5, None], "é": "« »"}),
        ("b", False, False),
        ("f", 0.1 + 0.2, 0.30000000000000004),
        ("s", "Église", "Église"),
    ],
)
def test_values_are_encoded_exactly(name, value, encoded):
    assert encode(T.columns[name], value) == encoded
    back = round_trip(name, value)
    assert back == value and type(back) is type(value)
    if isinstance(value, datetime):
        assert back.utcoffset() == value.utcoffset()


def test_null_stays_null_in_every_column():
    for col in T.columns:
        assert encode(col, None) is None and decode(col, None) is None


@given(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.binary(max_size=200),
    st.text(max_size=50),
    st.datetimes(timezones=st.just(UTC)),
)
def test_random_values_round_trip(i, f, b, s, dt):
    assert round_trip("i", i) == i
    assert round_trip("f", f) == f
    assert round_trip("bin", b) == b
    assert round_trip("t", s) == s
    assert round_trip("dt", dt) == dt


@pytest.mark.parametrize(
    "name,value",
    [("i", "12"), ("i", True), ("i", 1.5), ("f", "1,5"), ("b", 1), ("d", "03/03/2026"),
     ("bin", "pas du base64 !"), ("s", 12), ("dt", 1700000000)],
)  # fmt: skip
def test_wrong_types_are_refused(name, value):
    with pytest.raises((ValueError, TypeError)):
        decode(T.columns[name], value)


@pytest.mark.parametrize(
    "name",
    ["../x", "/abs", "tables/../../x", "a//b", "./x", "x\\y", "C:x", "pieces/..", ""],
)
def test_dangerous_member_names(name):
    with pytest.raises(SauvegardeInvalide, match="chemin interdit"):
        check_member_name(name)


def test_piece_names_are_plain_file_names():
    assert is_piece_name("0c79cc09a8e59948a262c0581b5b5d11.pdf")
    for bad in [".cache", "a/b.pdf", "..pdf", "x..pdf", "é.pdf", "a b.pdf", "x" * 201]:
        assert not is_piece_name(bad), bad
    check_member_name("pieces/0c79cc09a8e59948a262c0581b5b5d11.pdf")
