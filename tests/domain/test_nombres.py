import pytest

from village_avenir.domain.nombres import parse_decimal


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
        (7, 7.0),
    ],
)
def test_french_and_plain_decimals(text, value):
    assert parse_decimal(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "inf", "-Infinity", "nan", "1e999", None])
def test_everything_else_is_refused(text):
    with pytest.raises(ValueError):
        parse_decimal(text)


def test_importers_refuse_non_finite_values_with_the_line():
    from village_avenir.sources import ImportFormatError
    from village_avenir.sources.indicateurs import parse_number

    assert parse_number("1 234,5", 7, "P21_LOG") == 1234.5
    with pytest.raises(ImportFormatError, match="Ligne 7 .*P21_LOG"):
        parse_number("nan", 7, "P21_LOG")
