"""The numpy scoring gives the same results as the pure-Python reference (Hypothesis)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from village_avenir.domain.scoring import ReglesNotation, Spec, Weights, score
from village_avenir.scoring_array import score_matrix, to_matrix

SPECS = (
    Spec("a", "logement", 1),
    Spec("b", "logement", -1),
    Spec("c", "services", 1),
    Spec("d", "services", -1),
    Spec("e", "patrimoine", 1),
    Spec("f", "patrimoine", 1, "seuil", 3),
)
# small integers make ties (and zeros) frequent: the rules about them are exercised
value = st.one_of(st.none(), st.integers(0, 6).map(float), st.floats(0, 1e4, allow_nan=False))


@st.composite
def cases(draw):
    n = draw(st.integers(1, 25))
    codes = [f"{46000 + i}" for i in range(n)]
    values = {s.id: {c: draw(value) for c in codes} for s in SPECS}
    w = Weights(
        {s.id: draw(st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0])) for s in SPECS},
        {d: draw(st.sampled_from([0.0, 1.0, 2.0])) for d in ("logement", "services", "patrimoine")},
    )
    rules = ReglesNotation(
        draw(st.sampled_from([0.0, 0.3, 0.5, 0.9])), draw(st.sampled_from([0.0, 0.5, 0.8]))
    )
    return codes, values, w, rules


def same(a, b):
    if a is None or (isinstance(a, float) and math.isnan(a)):
        return b is None or (isinstance(b, float) and math.isnan(b))
    return b is not None and not math.isnan(b) and a == pytest.approx(b, abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(cases())
def test_numpy_scoring_equals_the_reference(case):
    codes, values, w, rules = case
    ref = score(SPECS, w, values, codes, rules)
    arr = score_matrix(SPECS, w, to_matrix(values, codes, SPECS), rules)
    assert arr.classes == ref.classes and arr.evalues == ref.evalues
    for i, c in enumerate(codes):
        r = ref.communes[c]
        assert same(float(arr.score_global[i]), r.score_global), c
        assert arr.couverture[i] == pytest.approx(r.couverture)
        for k, d in enumerate(arr.domaines):
            assert same(float(arr.scores[i, k]), r.domaines[d].score)
            assert arr.couvertures[i, k] == pytest.approx(r.domaines[d].couverture)


def test_a_known_case_by_hand():
    codes = ["1", "2", "3"]
    values = {"a": {"1": 0.0, "2": 0.0, "3": 5.0}, "b": {"1": 1.0, "2": 2.0, "3": 3.0}}
    w = Weights({"a": 1, "b": 1}, {"logement": 1})
    arr = score_matrix(SPECS[:2], w, to_matrix(values, codes, SPECS[:2]), ReglesNotation(0.5, 0.5))
    # a: 0, 0 are never a need; 3 at 100. b (less = need): 100, 50, 0
    assert np.allclose(arr.scores[:, 0], [50.0, 25.0, 50.0])
