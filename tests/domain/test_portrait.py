"""Portrait: the commune's figure beside the département's and its size band's medians."""

import pytest

from village_avenir.domain.portrait import compare

VALUES = {"1": 10.0, "2": 20.0, "3": 30.0, "4": None, "5": 100.0}
BANDS = {"1": "petit", "2": "petit", "3": "moyen", "4": "petit", "5": "moyen"}


@pytest.mark.parametrize(
    "code, valeur, dep, n_dep, tranche, n_tranche",
    [
        ("1", 10.0, 25.0, 4, 15.0, 2),
        ("3", 30.0, 25.0, 4, 65.0, 2),
        ("4", None, 25.0, 4, 15.0, 2),  # unknown (secrecy): shown beside the medians, not 0
        ("9", None, 25.0, 4, None, 0),  # no band: no band median
    ],
)
def test_medians(code, valeur, dep, n_dep, tranche, n_tranche):
    c = compare(code, VALUES, BANDS)
    assert (c.valeur, c.mediane_departement, c.n_departement) == (valeur, dep, n_dep)
    assert (c.mediane_tranche, c.n_tranche) == (tranche, n_tranche)
