"""One rank definition: eligible and « à vérifier » communes ranked together (the latter
flagged), « données insuffisantes » apart, non-eligible communes without a rank."""

from dataclasses import replace

import pytest

from village_avenir.domain.eligibilite import A_VERIFIER, ELIGIBLE, NON_ELIGIBLE
from village_avenir.domain.ranking import (
    filter_classement,
    range_text,
    rank,
    rank_ranges,
    rank_text,
)

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
    (
        {"46001", "46002", "46003", "46004", "46005", "46006"},
        ("46002", "46001", "46005"),
        ("46003", "46006"),
    ),
    ({"46005", "46003"}, ("46005",), ("46003",)),
    ({"46004"}, (), ()),  # non-eligible: never listed
    (set(), (), ()),
]


@pytest.mark.parametrize("kept, ranked, apart", FILTERS)
def test_a_filter_keeps_the_departement_wide_rank(kept, ranked, apart):
    c = rank(ENTRIES)
    assert filter_classement(c, kept.__contains__) == (ranked, apart)
    assert [c.rang(code) for code in ranked] == [EXPECTED_RANK[code] for code in ranked]


EXPECTED_RANK = {code: rang for code, rang, _ in EXPECTED}


# --- rank ranges under weights moved by ±50 % (issue 24, point 4) ---------------------------

# variant scores per commune (2 variants); 46004 is not eligible and never ranked
VARIANTES = {
    "46001": (40.0, 90.0),  # climbs to 1st in variant 2
    "46002": (80.0, 85.0),  # 1st, then 2nd
    "46003": (45.0, None),  # données insuffisantes in the base: no range of its own
    "46004": (100.0, 100.0),
    "46005": (40.0, 40.0),  # 3rd in variant 1 (tie with 46001 by code: after it)
    "46006": (None, None),
}


@pytest.mark.parametrize(
    ("code", "plage", "text"),
    [
        ("46002", (1, 2), "entre les rangs 1 et 2 quand un poids varie de ±50 %"),
        ("46001", (1, 3), "entre les rangs 1 et 3 quand un poids varie de ±50 %"),
        # 46003 (insufficient in the base, 45 in variant 1) takes 2nd place in that variant
        ("46005", (3, 4), "entre les rangs 3 et 4 quand un poids varie de ±50 %"),
        ("46003", None, ""),
        ("46004", None, ""),
    ],
)
def test_rank_ranges_table(code, plage, text):
    base = rank(ENTRIES)
    ranges = rank_ranges(base, VARIANTES)
    assert ranges.get(code) == plage
    assert range_text(replace(base, plages=ranges), code) == text


def test_a_rank_unchanged_in_every_variant_says_so():
    base = rank([("a", 50.0, ELIGIBLE), ("b", 10.0, ELIGIBLE)])
    ranges = rank_ranges(base, {"a": (60.0, 40.0), "b": (20.0, 5.0)})
    assert ranges == {"a": (1, 1), "b": (2, 2)}
    assert range_text(replace(base, plages=ranges), "a") == (
        "rang inchangé quand un poids varie de ±50 %"
    )


def test_a_snapshot_without_variants_gives_no_range_rather_than_a_false_stability():
    base = rank(ENTRIES)
    assert rank_ranges(base, {c: () for c, *_ in ENTRIES}) == {}
    assert rank_ranges(base, {}) == {}
