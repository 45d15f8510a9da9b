"""Population bands: the ranking filter and the portrait's peers, bounds included."""

import pytest

from village_avenir.domain.tranches import POP_BANDS, band_of, in_band

# (population, its band)
BANDS = [
    (0, "0-199"),
    (199, "0-199"),
    (200, "200-499"),
    (499, "200-499"),
    (500, "500-999"),
    (999, "500-999"),
    (1000, "1000-1999"),
    (1999, "1000-1999"),
    (2000, "2000+"),
    (45_000, "2000+"),
    (None, None),
    (-1, None),
]


@pytest.mark.parametrize("population, band", BANDS)
def test_band_of(population, band):
    assert band_of(population) == band


# (population, filter, kept?)
FILTERS = [
    (150, None, True),
    (150, "", True),
    (150, "inconnue", True),  # an unknown key filters nothing
    (None, None, True),
    (None, "0-199", False),  # an unknown population is in no band
    (150, "0-199", True),
    (150, "200-499", False),
    (200, "200-499", True),
    (499, "200-499", True),
    (500, "200-499", False),
    (2000, "2000+", True),
    (1999, "2000+", False),
]


@pytest.mark.parametrize("population, band, kept", FILTERS)
def test_in_band(population, band, kept):
    assert in_band(population, band) is kept


def test_bands_follow_each_other_without_gap():
    bounds = [(lo, hi) for _, lo, hi in POP_BANDS.values()]
    assert bounds[0][0] == 0
    assert all(hi + 1 == lo for (_, hi), (lo, _) in zip(bounds, bounds[1:], strict=False))
    assert all("habitants" in label for label, _, _ in POP_BANDS.values())
