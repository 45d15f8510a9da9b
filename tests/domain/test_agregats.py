"""The département's own figure from its communes' counts (domain/agregats.py, point 5)."""

import pytest

from village_avenir.domain.agregats import departement_value
from village_avenir.domain.indicators import Indicateur, RawValue


def _ind(calcul="ratio", **params):
    base = {"numerateur": "n", "denominateur": "d", "facteur": 100}
    if calcul == "direct":
        base = {"donnee": "n"}
    return Indicateur("x", "logement", "x", "%", 1, 1, calcul, {**base, **params})


def _raw(n, d, annee="2022"):
    return {"n": RawValue(n, annee, "INSEE"), "d": RawValue(d, annee, "INSEE")}


RAW = {"a": _raw(10, 100), "b": _raw(1, 20), "c": _raw(0, 30)}


@pytest.mark.parametrize(
    ("ind", "raw", "codes", "expected"),
    [
        # the ratio of the sums, not a median nor a mean of rates
        (_ind(), RAW, "abc", 11 / 150 * 100),
        (_ind(), RAW, "ab", 11 / 120 * 100),
        # the indicator's own deduction is applied to each commune's count
        (_ind(deduire=1), RAW, "abc", (9 + 0 + 0) / 150 * 100),
        # one commune without the figure (absent or secret): no département figure
        (_ind(), {**RAW, "c": {"d": RawValue(30, "2022", "INSEE")}}, "abc", None),
        # vintages mixed by a partial import: none either
        (_ind(), {**RAW, "c": _raw(0, 30, "2021")}, "abc", None),
        # a median income or a bare count has none
        (_ind("direct"), RAW, "abc", None),
        (_ind(), RAW, "", None),
    ],
)
def test_departement_value_table(ind, raw, codes, expected):
    v = departement_value(ind, raw, list(codes))
    if expected is None:
        assert v is None
    else:
        assert v.valeur == pytest.approx(expected)
        assert v.source.startswith(f"somme des {len(codes)} communes")


def test_annual_rate_of_the_sums():
    ind = Indicateur(
        "e", "logement", "e", "%", -1, 1, "taux_annuel", {"recent": "r", "ancien": "o"}
    )
    raw = {
        "a": {"r": RawValue(110, "2022", "I"), "o": RawValue(100, "2016", "I")},
        "b": {"r": RawValue(90, "2022", "I"), "o": RawValue(100, "2016", "I")},
    }
    assert departement_value(ind, raw, ["a", "b"]).valeur == pytest.approx(0.0)
