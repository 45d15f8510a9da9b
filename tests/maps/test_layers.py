"""The colouring registry and the classification behind the legend, the table and the summary."""

import pytest

from village_avenir.maps import layers
from village_avenir.maps.layers import (
    NODATA_COLOUR,
    OKABE_ITO,
    Category,
    ColouringInconnue,
    LayerValue,
    classify,
    colouring,
    register_colouring,
)

CATS = [Category("oui", "Oui", "oui"), Category("non", "Non", "non")]


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test (the app's colourings are restored afterwards)."""
    monkeypatch.setattr(layers, "_REGISTRY", {})
    return layers._REGISTRY


def v(value, label="x"):
    return LayerValue(value, label, "2024", "Test")


def test_register_and_find(registry):
    c = register_colouring("a", "A", lambda s: {}, "categories", categories=CATS)
    register_colouring("b", "B", lambda s: {}, "valeurs")
    assert colouring("a") is c
    assert [x.code for x in layers.colourings()] == ["a", "b"]
    with pytest.raises(ColouringInconnue, match="« zz »"):
        colouring("zz")
    with pytest.raises(ValueError):
        register_colouring("c", "C", lambda s: {}, "autre")
    with pytest.raises(ValueError):
        register_colouring("d", "D", lambda s: {}, "categories")


def test_categories_legend_counts_and_summary(registry):
    c = register_colouring("a", "Test", lambda s: {}, "categories", categories=CATS)
    values = {"1": v("oui"), "2": v("oui"), "3": v("non"), "9": v("oui")}
    result = classify(c, values, ["1", "2", "3", "4"])
    assert [(e.key, e.count) for e in result.legend] == [("oui", 2), ("non", 1), ("nd", 1)]
    assert [e.colour for e in result.legend] == [OKABE_ITO[0], OKABE_ITO[1], NODATA_COLOUR]
    assert result.classes == {"1": 0, "2": 0, "3": 1, "4": 2}
    assert result.summary == "4 communes : 2 oui, 1 non, 1 sans donnée."
    assert "9" not in result.values  # only the communes shown


def test_numeric_classes_from_given_breaks(registry):
    c = register_colouring("s", "Score", lambda s: {}, "valeurs", breaks=(50, 25, 75), unit="/ 100")
    values = {str(i): v(x) for i, x in enumerate([0, 24.9, 25, 60, 75, 100])}
    result = classify(c, values, list(values))
    assert [e.label for e in result.legend] == [
        "moins de 25 / 100",
        "de 25 à moins de 50 / 100",
        "de 50 à moins de 75 / 100",
        "75 / 100 et plus",
    ]
    assert [result.classes[str(i)] for i in range(6)] == [0, 0, 1, 2, 3, 3]
    assert [e.count for e in result.legend] == [2, 1, 1, 2]
    colours = [e.colour for e in result.legend]
    assert len(set(colours)) == 4  # distinct viridis steps, light to dark
    assert result.summary == "6 communes : score de 0 à 100 / 100, médiane 42 / 100."


def test_numeric_quantile_breaks_are_rounded(registry):
    c = register_colouring("p", "Population", lambda s: {}, "valeurs")
    values = {str(i): v(x) for i, x in enumerate(range(100, 1100, 10))}
    result = classify(c, values, list(values))
    assert len(result.legend) == 5
    assert result.legend[1].label == "de 300 à moins de 500"  # quintiles 298, 496… on 2 digits
    assert sum(e.count for e in result.legend) == 100
