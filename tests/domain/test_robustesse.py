"""Global scores under each weight moved by ±50 % (domain/robustesse.py, issue 24 point 4):
each variant equals a full scoring run with that one weight moved."""

import random

import pytest

from village_avenir.domain.robustesse import in_play, variantes
from village_avenir.domain.scoring import ReglesNotation, Spec, Weights, score

SPECS = [
    Spec("a", "logement", 1),
    Spec("b", "logement", -1),
    Spec("c", "services", 1),
    Spec("d", "services", 1, "seuil", 2.0),  # threshold mode: never in play
    Spec("e", "patrimoine", 1),  # too few values: not ranked, domain not evaluated
]
WEIGHTS = Weights(
    {"a": 2, "b": 1, "c": 1, "d": 1, "e": 1}, {"logement": 1, "services": 2, "patrimoine": 1}
)


def _values(seed: int) -> dict:
    rnd = random.Random(seed)
    codes = [f"46{i:03d}" for i in range(1, 41)]
    values = {
        ident: {
            c: (rnd.choice([None, 0.0, rnd.random() * 50]) if rnd.random() < 0.8 else None)
            for c in codes
        }
        for ident in "abcd"
    }
    values["e"] = {codes[0]: 3.0}
    return values


def test_weights_in_play():
    result = score(SPECS, WEIGHTS, _values(1), rules=ReglesNotation(0.5, 0.5))
    assert in_play(result) == [
        ("a", False),
        ("b", False),
        ("c", False),
        ("logement", True),
        ("services", True),
    ]


@pytest.mark.parametrize("seed", range(5))
def test_each_variant_is_a_full_scoring_with_one_weight_moved(seed):
    values = _values(seed)
    rules = ReglesNotation(0.5, 0.5)
    result = score(SPECS, WEIGHTS, values, rules=rules)
    moved = variantes(result, 0.5)
    assert len(moved.cles) == 2 * len(in_play(result))
    for k, (ident, sign) in enumerate(moved.cles):
        factor = 0.5 if sign == "-" else 1.5
        inds, doms = dict(WEIGHTS.indicateurs), dict(WEIGHTS.domaines)
        if ident in doms:
            doms[ident] *= factor
        else:
            inds[ident] *= factor
        again = score(SPECS, Weights(inds, doms), values, rules=rules)
        for code, scores in moved.scores.items():
            expected = again.communes[code].score_global
            assert scores[k] == (None if expected is None else pytest.approx(expected))


def test_one_domain_only_moves_no_domain_weight():
    specs = [Spec("a", "logement", 1)]
    result = score(specs, Weights({"a": 1}, {"logement": 1}), {"a": {"x": 1.0, "y": 2.0}})
    assert in_play(result) == [("a", False)]


@pytest.mark.parametrize("facteur", [0, 1, -0.5, 1.5])
def test_a_variation_outside_zero_one_is_refused(facteur):
    result = score(SPECS, WEIGHTS, _values(1))
    with pytest.raises(ValueError, match="entre 0 et 1"):
        variantes(result, facteur)


@pytest.mark.parametrize("seed", range(5))
def test_numpy_variants_equal_the_reference(seed):
    from village_avenir.scoring_array import variantes_matrix

    result = score(SPECS, WEIGHTS, _values(seed), rules=ReglesNotation(0.5, 0.5))
    ref, fast = variantes(result, 0.5), variantes_matrix(result, 0.5)
    assert fast.cles == ref.cles and set(fast.scores) == set(ref.scores)
    for code, scores in ref.scores.items():
        for a, b in zip(scores, fast.scores[code], strict=True):
            assert (a is None and b is None) or a == pytest.approx(b)
