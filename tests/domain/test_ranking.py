"""One rank definition: eligible and « à vérifier » communes ranked together (the latter
flagged), « données insuffisantes » apart, non-eligible communes without a rank."""

import pytest

from village_avenir.domain.eligibilite import A_VERIFIER, ELIGIBLE, NON_ELIGIBLE
from village_avenir.domain.ranking import filter_classement, rank, rank_text

ENTRIES = [
    ("46001", 40.0, ELIGIBLE),
    ("46002", 80.0, A_VERIFIER),
    ("46003", None, ELIGIBLE),  # coverage under the threshold
    ("46004", 99.0, NON_ELIGIBLE),
    ("46005", 40.0, ELIGIBLE),  # tie with 46001: by code
    ("46006", None, A_VERIFIER),
]

# (code, expected rank, expected text)
EXPECTED = [
    ("46002", 1, "rang 1 sur 3 communes éligibles ou à vérifier"),
    ("46001", 2, "rang 2 sur 3 communes éligibles ou à vérifier"),
    ("46005", 3, "rang 3 sur 3 communes éligibles ou à vérifier"),
    ("46003", None, "non classée : données insuffisantes"),
    ("46006", None, "non classée : données insuffisantes"),
    ("46004", None, "non classée : commune non éligible"),
]


@pytest.mark.parametrize("code, rang, text", EXPECTED)
def test_rank_and_its_one_wording(code, rang, text):
    c = rank(ENTRIES)
    assert c.rang(code) == rang
    assert rank_text(c, code) == text


def test_apart_and_flagged():
    c = rank(ENTRIES)
    assert c.ordre == ("46002", "46001", "46005") and c.n == 3
    assert c.insuffisants == ("46003", "46006")
    assert c.a_verifier == {"46002", "46006"}


def test_order_of_entries_does_not_matter():
    assert rank(ENTRIES) == rank(list(reversed(ENTRIES)))


# (codes kept, expected ranked codes in order, expected apart codes)
FILTERS = [
    ({"46001", "46002", "46003", "46004", "46005", "46006"},
     ("46002", "46001", "46005"), ("46003", "46006")),
    ({"46005", "46003"}, ("46005",), ("46003",)),
    ({"46004"}, (), ()),  # non-eligible: never listed
    (set(), (), ()),
]  # fmt: skip


@pytest.mark.parametrize("kept, ranked, apart", FILTERS)
def test_a_filter_keeps_the_departement_wide_rank(kept, ranked, apart):
    c = rank(ENTRIES)
    assert filter_classement(c, kept.__contains__) == (ranked, apart)
    assert [c.rang(code) for code in ranked] == [EXPECTED_RANK[code] for code in ranked]


EXPECTED_RANK = {code: rang for code, rang, _ in EXPECTED}
