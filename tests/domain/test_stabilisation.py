"""Stable per-inhabitant rates for small communes (domain/stabilisation.py, issue 24 point 3)."""

import pytest

from village_avenir.domain.indicators import Indicateur, RawValue
from village_avenir.domain.stabilisation import regle_text, stabilise, stabilised_column

# Two small communes (band 0–199) and one large (2000+): band rates 2 / 200 and 30 / 3000.
COMPTES = {"a": 1.0, "b": 1.0, "c": 30.0}
BASES = {"a": 50.0, "b": 150.0, "c": 3000.0}


@pytest.mark.parametrize(
    ("code", "poids", "deduire", "brut", "attendu"),
    [
        # no stabilisation: the raw rate
        ("a", 0, 0, 20.0, 20.0),
        # band 0–199 pools 2 / 200 = 10 per 1,000; a weighs 50 / (50 + 50)
        ("a", 50, 0, 20.0, (1 + 50 * 2 / 200) / (50 + 50) * 1000),
        ("b", 50, 0, 1 / 150 * 1000, (1 + 50 * 2 / 200) / (150 + 50) * 1000),
        # a large commune hardly moves
        ("c", 50, 0, 10.0, (30 + 50 * 30 / 3000) / (3000 + 50) * 1000),
        # deduction: the town hall taken off every count, never below 0
        ("a", 0, 1, 0.0, 0.0),
        ("c", 50, 1, 29 / 3000 * 1000, (29 + 50 * 29 / 3000) / 3050 * 1000),
    ],
)
def test_stabilised_rate_table(code, poids, deduire, brut, attendu):
    out = stabilise(COMPTES, BASES, poids, 1000, deduire)[code]
    assert out.brut == pytest.approx(brut)
    assert out.stabilise == pytest.approx(attendu)
    assert out.part_propre == pytest.approx(BASES[code] / (BASES[code] + poids))


def test_a_commune_without_base_gets_nothing_and_nothing_is_imputed():
    out = stabilise({"a": 1, "z": 4}, {"a": 50, "y": 100, "z": 0}, 500, 1000)
    assert set(out) == {"a"}


def test_the_smallest_commune_moves_most_towards_its_band():
    out = stabilise(COMPTES, BASES, 500, 1000)
    band = out["a"].taux_tranche
    assert band == pytest.approx(10.0)
    assert out["a"].part_propre < out["b"].part_propre
    for code in "ab":  # what is left of its gap to the band is exactly its own share
        t = out[code]
        assert (t.stabilise - band) == pytest.approx(t.part_propre * (t.brut - band))
    assert out["c"].stabilise == pytest.approx(10.0)  # alone in its band: its own rate


def test_a_negative_weight_is_refused():
    with pytest.raises(ValueError, match="positif"):
        stabilise(COMPTES, BASES, -1)


def test_rule_text_names_the_deduction_and_the_weight():
    assert regle_text(500, 1, "la mairie") == (
        "1 déduit du compte (la mairie) ; taux rapproché de celui des communes de même "
        "taille, la commune pesant population / (population + 500)"
    )
    assert regle_text(0) == ""


def _ind(**params):
    base = {"numerateur": "n", "denominateur": "p", "facteur": 1000}
    return Indicateur("x", "services", "x", "‰", -1, 1, "ratio", {**base, **params})


def _raw(n, p):
    return {"n": RawValue(n, "2024", "INSEE"), "p": RawValue(p, "2022", "INSEE")}


def test_column_keeps_raw_rate_and_rule_beside_the_stabilised_value():
    raw = {"sh": _raw(1, 62), "ca": _raw(208, 19902), "vide": {"p": RawValue(10, "2022", "I")}}
    col = stabilised_column(_ind(deduire=1, stabilisation=500, deduction="la mairie"), raw)
    assert set(col) == {"sh", "ca"}
    assert col["sh"].brut == 0 and col["sh"].valeur == pytest.approx(0.0)  # alone in band
    assert col["ca"].brut == pytest.approx(207 / 19902 * 1000)
    assert "la mairie" in col["sh"].regle and col["sh"].annee == "2022–2024"
    plain = stabilised_column(_ind(), raw)
    assert plain["sh"].valeur == pytest.approx(1 / 62 * 1000) and plain["sh"].brut is None
