"""Scoring: percentile ranks, direction, weights, coverage, breakdown (with Hypothesis)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from village_avenir.domain.scoring import (
    PonderationInvalide,
    ReglesNotation,
    Spec,
    Weights,
    judge,
    percentile_ranks,
    score,
)

SPECS = (
    Spec("a", "logement", 1),
    Spec("b", "logement", -1),
    Spec("c", "services", 1),
)
W = Weights({"a": 2, "b": 1, "c": 1}, {"logement": 1, "services": 1})


def test_percentile_ranks_use_mid_rank_for_ties():
    assert percentile_ranks({"x": 1, "y": 2, "z": 2, "t": 5}) == {
        "x": 0.0,
        "y": 50.0,
        "z": 50.0,
        "t": 100.0,
    }
    assert percentile_ranks({"x": 3}) == {"x": 50.0}
    assert percentile_ranks({}) == {}


def test_direction_weights_and_breakdown_by_hand():
    values = {"a": {"1": 10, "2": 20, "3": 30}, "b": {"1": 10, "2": 20, "3": 30}, "c": {"1": 5}}
    r = score(SPECS, W, values, ["1", "2", "3"])
    # commune 3: a at 100 (need 100), b at 100 but "less is need" -> need 0; 2:1 weights
    assert r.communes["3"].domaines["logement"].score == pytest.approx((2 * 100 + 0) / 3)
    # "c" is known for one commune out of 3 (< 50 %): never a percentile, no services score
    assert r.communes["1"].domaines["services"].score is None
    assert "c" not in r.classes and r.evalues == ("logement",)
    # global rests on the evaluated domain only; coverage over evaluated domains
    assert r.communes["2"].score_global == r.communes["2"].domaines["logement"].score
    assert r.communes["2"].couverture == pytest.approx(1.0)
    rows = {c.indicateur: c for c in r.breakdown("3")}
    assert rows["b"].percentile == 100.0 and rows["b"].besoin == 0.0
    assert rows["a"].poids_normalise == pytest.approx(2 / 3)
    total = sum(c.contribution for c in r.breakdown("3") if c.domaine == "logement")
    assert total == pytest.approx(r.communes["3"].domaines["logement"].score)
    assert rows["c"].valeur is None and rows["c"].contribution is None
    assert {c.indicateur: c.statut for c in r.breakdown("1")}["c"] == "non_classe"


def test_missing_value_is_not_imputed_and_weights_renormalised():
    values = {"a": {"1": 1, "2": 2}, "b": {"1": 5, "2": 6}}
    r = score(SPECS, W, values, ["1", "2", "3"])
    # commune 3 has nothing: no domain score, no global score, coverage 0
    assert r.communes["3"].domaines["logement"].score is None
    assert r.communes["3"].score_global is None and r.communes["3"].couverture == 0


# (case, values of "a" (more = need), rules, expected needs of "a" by commune or None)
CASES = [
    ("enough communes: percentiles", {"1": 1, "2": 2, "3": 3}, ReglesNotation(0.5, 0), {"1": 0, "2": 50, "3": 100}),
    ("too few communes: no percentile", {"1": 1}, ReglesNotation(0.5, 0), {"1": None}),
    ("a single value never gets 50", {"1": 7}, ReglesNotation(0, 0), {"1": None}),
    ("0 on « more = need » is never a need", {"1": 0, "2": 0, "3": 4}, ReglesNotation(0.5, 0), {"1": 0, "2": 0, "3": 100}),
    ("threshold of communes is a parameter", {"1": 1, "2": 2}, ReglesNotation(0.9, 0), {"1": None, "2": None}),
]  # fmt: skip


@pytest.mark.parametrize("case, col, rules, expected", CASES, ids=[c[0] for c in CASES])
def test_honest_ranking_rules(case, col, rules, expected):
    r = score(SPECS, W, {"a": col}, ["1", "2", "3"], rules)
    needs = {c.indicateur: c.besoin for c in r.breakdown("1")}
    got = {code: {b.indicateur: b.besoin for b in r.breakdown(code)}["a"] for code in expected}
    assert got == pytest.approx(expected) if None not in expected.values() else got == expected
    assert needs["b"] is None


SEUIL = (Spec("p", "patrimoine", 1, "seuil", 3), Spec("q", "patrimoine", -1, "seuil", 2))
# (value, sens spec, expected verdict)
JUDGEMENTS = [
    (0, SEUIL[0], False),  # a declared 0 is never a need
    (2, SEUIL[0], False),
    (3, SEUIL[0], True),
    (None, SEUIL[0], None),
    (1, SEUIL[1], True),  # less = need: at or under the threshold
    (5, SEUIL[1], False),
    (4, Spec("x", "d", 1, "seuil", None), None),  # no threshold stated: no verdict
]


@pytest.mark.parametrize("value, spec, verdict", JUDGEMENTS)
def test_declared_values_are_judged_against_a_threshold(value, spec, verdict):
    assert judge(spec, value) is verdict


def test_declared_values_never_enter_a_score_even_when_many_communes_declare():
    specs = (*SPECS, SEUIL[0])
    w = Weights({"a": 1, "b": 1, "c": 1, "p": 5}, {"logement": 1, "services": 1, "patrimoine": 1})
    values = {"a": {"1": 1, "2": 2}, "p": {"1": 0, "2": 9}}
    r = score(specs, w, values, ["1", "2"])
    assert r.communes["2"].domaines["patrimoine"].score is None
    assert "patrimoine" not in r.evalues
    p = {c.indicateur: c for c in r.breakdown("2")}["p"]
    assert p.statut == "seuil" and p.signal is True and p.percentile is None
    assert {c.indicateur: c for c in r.breakdown("1")}["p"].signal is False


def test_below_the_coverage_threshold_no_global_score():
    values = {"a": {"1": 1, "2": 2, "3": 3}, "b": {"1": 1, "2": 2}, "c": {"1": 1, "2": 2}}
    r = score(SPECS, W, values, ["1", "2", "3"], ReglesNotation(0.5, 0.6))
    # commune 3: logement 2/3 of the weight, services 0 -> coverage 1/3 < 0.6
    assert r.communes["3"].couverture == pytest.approx(1 / 3)
    assert r.communes["3"].score_global is None
    assert r.communes["3"].domaines["logement"].score is not None
    assert r.communes["1"].score_global is not None


def test_rules_are_checked():
    with pytest.raises(PonderationInvalide):
        ReglesNotation(1.5, 0.5)
    assert ReglesNotation(0.5, 0.5).minimum(312) == 156 and ReglesNotation(0, 0).minimum(10) == 2


def test_invalid_weights_are_refused():
    with pytest.raises(PonderationInvalide):
        Weights({"a": -1}, {})
    with pytest.raises(PonderationInvalide):
        Weights({}, {}, normalisation="zscore")


codes = st.lists(st.sampled_from([f"460{i:02d}" for i in range(30)]), min_size=1, unique=True)
maybe = st.one_of(st.none(), st.floats(0, 1e6, allow_nan=False))


@st.composite
def datasets(draw):
    cs = draw(codes)
    values = {s.id: {c: draw(maybe) for c in cs} for s in SPECS}
    return cs, values


weights = st.floats(0.01, 100)


@settings(max_examples=60, deadline=None)
@given(datasets(), weights, weights, weights)
def test_scores_stay_between_0_and_100(data, wa, wb, wc):
    cs, values = data
    r = score(
        SPECS, Weights({"a": wa, "b": wb, "c": wc}, {"logement": 1, "services": 2}), values, cs
    )
    for res in r.communes.values():
        for d in res.domaines.values():
            assert d.score is None or 0 <= d.score <= 100
            assert 0 <= d.couverture <= 1
        assert res.score_global is None or 0 <= res.score_global <= 100


@settings(max_examples=60, deadline=None)
@given(datasets(), st.sampled_from(["a", "b", "c"]), st.floats(0.001, 1e6))
def test_more_need_on_one_indicator_never_lowers_the_domain_score(data, ind, delta):
    cs, values = data
    code = cs[0]
    if values[ind][code] is None:
        values[ind][code] = 0.0
    before = score(SPECS, W, values, cs).communes[code]
    spec = next(s for s in SPECS if s.id == ind)
    values = {k: dict(v) for k, v in values.items()}
    values[ind][code] += spec.sens * delta  # more need in the indicator's direction
    after = score(SPECS, W, values, cs).communes[code]
    a, b = after.domaines[spec.domaine].score, before.domaines[spec.domaine].score
    assert (a is None) == (b is None)
    assert a is None or a >= b - 1e-9


@settings(max_examples=60, deadline=None)
@given(datasets(), st.floats(0.01, 1000), st.floats(0.01, 1000), st.floats(0.01, 1000))
def test_weights_summing_to_anything_give_the_same_ranking(data, x, y, factor):
    cs, values = data
    raw = Weights({"a": x, "b": y, "c": x + y}, {"logement": x, "services": y})
    tot_i = 2 * (x + y)
    tot_d = x + y
    norm = Weights(
        {k: v / tot_i for k, v in raw.indicateurs.items()},
        {k: v / tot_d for k, v in raw.domaines.items()},
    )
    scaled = Weights(
        {k: v * factor for k, v in raw.indicateurs.items()},
        {k: v * factor for k, v in raw.domaines.items()},
    )
    r1, r2, r3 = (score(SPECS, w, values, cs) for w in (raw, norm, scaled))
    for c in cs:
        a, b, s3 = (r.communes[c].score_global for r in (r1, r2, r3))
        assert (a is None) == (b is None) == (s3 is None)
        if a is not None:
            assert a == pytest.approx(b) and a == pytest.approx(s3)

    def ranking(r):  # scores rounded: float noise must not reorder equal scores
        g = {c: r.communes[c].score_global for c in cs}
        return sorted(cs, key=lambda c: (g[c] is None, -round(g[c] or 0, 6), c))

    assert ranking(r1) == ranking(r2) == ranking(r3)


def test_scoring_is_deterministic():
    values = {"a": {"1": 3, "2": 3, "3": 1}, "c": {"2": 1, "3": 2}}
    r1 = score(SPECS, W, values, ["3", "1", "2"])
    r2 = score(SPECS, W, values, ["2", "3", "1"])
    assert r1.communes == r2.communes
