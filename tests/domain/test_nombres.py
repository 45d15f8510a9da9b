"""Table tests of the one module that parses and formats French numbers."""

import pytest

from village_avenir.domain.nombres import (
    NNBSP,
    format_decimal,
    format_euros,
    format_nombre,
    parse_decimal,
    parse_entier,
    parse_entier_positif,
    parse_montant,
)

ARABIC = "\u0661\u0662"  # Arabic-Indic « 12 »
FULL_WIDTH = "\uff11\uff12"  # full-width « 12 »


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12.0),
        ("12,5", 12.5),
        ("12.5", 12.5),
        ("1 234,5", 1234.5),
        ("1\u202f234", 1234.0),
        ("1\u00a0234", 1234.0),
        (" -3,25 ", -3.25),
        ("-1 234,5", -1234.5),
        (7, 7.0),
    ],
)
def test_french_and_plain_decimals(text, value):
    assert parse_decimal(text) == value


@pytest.mark.parametrize(
    "text", ["", "abc", "1,2,3", "inf", "-Infinity", "nan", "1e999", None, ARABIC, FULL_WIDTH]
)
def test_everything_else_is_refused(text):
    with pytest.raises(ValueError):
        parse_decimal(text)


@pytest.mark.parametrize(
    ("text", "chiffres", "value"),
    [
        ("0", 9, 0),
        ("42", 9, 42),
        ("007", 9, 7),
        ("999999999", 9, 999_999_999),
        ("1000000000", 9, None),  # ten digits
        ("1234", 4, 1234),
        ("12345", 4, None),
        ("", 9, None),
        (None, 9, None),
        (" 42", 9, None),  # ids come as sent: no space
        ("4 2", 9, None),
        ("-1", 9, None),
        ("+1", 9, None),
        ("1.0", 9, None),
        ("12abc", 9, None),
        ("²", 9, None),  # str.isdigit() is true for it
        (ARABIC, 9, None),
        (FULL_WIDTH, 9, None),
    ],
)
def test_parse_entier_positif(text, chiffres, value):
    assert parse_entier_positif(text, chiffres) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        (" 1 200 ", 1200),
        ("1\u202f200", 1200),
        ("1\u00a0200", 1200),
        ("0", 0),
        ("999 999 999", 999_999_999),
        ("1 000 000 000", None),
        ("-3", None),
        ("2,5", None),
        ("", None),
        (None, None),
        ("douze", None),
        (ARABIC, None),
    ],
)
def test_parse_entier(text, value):
    assert parse_entier(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("120 000", 120000.0),
        ("1 234,50", 1234.5),
        ("1234.5", 1234.5),
        ("8\u202f500,5 €", 8500.5),
        ("8\u00a0500€", 8500.0),
        ("0", 0.0),
        ("12,345", None),  # three decimals: not an amount
        ("-5", None),
        ("", None),
        (None, None),
        ("environ 100", None),
        (f"1{ARABIC},5", None),
    ],
)
def test_parse_montant(text, value):
    assert parse_montant(text) == value


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (0, 0, "0"),
        (999, 0, "999"),
        (1000, 0, f"1{NNBSP}000"),
        (173828, 0, f"173{NNBSP}828"),
        (1234.5, 1, f"1{NNBSP}234,5"),
        (1234.5, 0, f"1{NNBSP}234"),  # rounded half to even
        (3.0, 2, "3"),  # a whole number never shows decimals
        (0.125, 2, "0,12"),
        (-1500, 0, f"-1{NNBSP}500"),
        (None, 0, "non renseigné"),
    ],
)
def test_format_nombre(value, decimals, text):
    assert format_nombre(value, decimals) == text


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (3, 1, "3,0"),  # always the decimals asked for
        (0.5, 2, "0,50"),
        (2.345, 2, "2,35"),
        (1234.567, 2, f"1{NNBSP}234,57"),
        (-0.25, 2, "-0,25"),
        (12, 0, "12"),
    ],
)
def test_format_decimal(value, decimals, text):
    assert format_decimal(value, decimals) == text


def test_format_nombre_and_euros_say_what_is_missing():
    assert format_nombre(None, absent="—") == "—"
    assert format_euros(None) == "non fixé"
    assert format_euros(None, absent="non estimé") == "non estimé"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0 €"),
        (950, "950 €"),
        (120000, f"120{NNBSP}000 €"),
        (5_000_000, f"5{NNBSP}000{NNBSP}000 €"),
    ],
)
def test_format_euros(value, text):
    assert format_euros(value) == text


@pytest.mark.parametrize("value", [0, 7, 1000, 123456, 999_999_999])
def test_what_is_formatted_parses_back(value):
    assert parse_entier(format_nombre(value)) == value
    assert parse_montant(format_euros(value)) == value
    assert parse_decimal(format_nombre(value)) == value


def test_importers_refuse_non_finite_values_with_the_line():
    from village_avenir.sources import ImportInvalide
    from village_avenir.sources.indicateurs import parse_number

    assert parse_number("1 234,5", 7, "P21_LOG") == 1234.5
    with pytest.raises(ImportInvalide, match="Ligne 7 .*P21_LOG"):
        parse_number("nan", 7, "P21_LOG")
