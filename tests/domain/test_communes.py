import pytest

from village_avenir.domain.communes import (
    CodeInseeInvalide,
    CommuneDeleguee,
    departement_of,
    is_departement_code,
    normalize_code,
    resolve_code,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("46042", "46042"),
        (" 46042 ", "46042"),
        (1004, "01004"),  # ANCT files store some codes as integers
        ("1004", "01004"),
        ("2a004", "2A004"),
        ("2B033", "2B033"),
        ("97105", "97105"),
    ],
)
def test_normalize_code_accepts(raw, expected):
    assert normalize_code(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["", "460", "460421", "abcde", "2C004", "00123", "20004", "96001", "97901", "46 42", "46O42"],
)
def test_normalize_code_refuses_with_french_message(raw):
    with pytest.raises(CodeInseeInvalide, match="code INSEE"):
        normalize_code(raw)


@pytest.mark.parametrize(
    ("code", "dep"), [("46042", "46"), ("2A004", "2A"), ("97105", "971"), ("01004", "01")]
)
def test_departement_of(code, dep):
    assert departement_of(code) == dep


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("46", True),
        ("2A", True),
        ("976", True),
        ("20", False),
        ("96", False),
        ("977", False),
        ("4", False),
    ],
)
def test_is_departement_code(text, ok):
    assert is_departement_code(text) is ok


CURRENT = frozenset({"46172", "46033", "46042"})
DELEGUEES = {
    "46217": CommuneDeleguee("46217", "Pern", "46172"),
    "46033": CommuneDeleguee("46033", "Boulvé", "46033"),
    "46099": CommuneDeleguee("46099", "Fargues", "46033"),
    "46999": CommuneDeleguee("46999", "Orpheline", "46000"),
}


def test_current_code_resolves_to_itself():
    res = resolve_code("46042", CURRENT, DELEGUEES)
    assert (res.code_insee, res.redirected, res.note) == ("46042", False, None)


def test_chef_lieu_keeping_its_code_is_current():
    res = resolve_code("46033", CURRENT, DELEGUEES)
    assert res.code_insee == "46033" and not res.redirected


def test_commune_deleguee_resolves_to_commune_nouvelle_with_note():
    res = resolve_code("46217", CURRENT, DELEGUEES)
    assert res.code_insee == "46172" and res.redirected
    assert "Pern" in res.note and "46172" in res.note


def test_unknown_code_and_dangling_deleguee_give_none():
    assert resolve_code("46500", CURRENT, DELEGUEES) is None
    assert resolve_code("46999", CURRENT, DELEGUEES) is None


def test_unknown_departement_is_named_in_the_message():
    with pytest.raises(CodeInseeInvalide, match="département 99 n'existe pas"):
        normalize_code("99999")
