"""scripts/analyse_diagnostic.py (the README's method figures) runs end to end in its small
mode, and its Spearman ρ is right on a hand-checked case."""

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _script():
    spec = importlib.util.spec_from_file_location(
        "analyse_diagnostic", ROOT / "scripts" / "analyse_diagnostic.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("ys", "rho"),
    [
        ({"a": 10, "b": 20, "c": 30, "d": 40}, 1.0),
        ({"a": 4, "b": 3, "c": 2, "d": 1}, -1.0),
        ({"a": 1, "b": 3, "c": 2, "d": 4}, 0.8),
        ({"a": 1, "b": 1, "c": 1, "d": 1}, None),  # no variance
        ({"a": 1, "b": 2}, None),  # under 3 common codes
    ],
)
def test_spearman(ys, rho):
    got = _script().spearman({"a": 1, "b": 2, "c": 3, "d": 4}, ys)
    assert got == (None if rho is None else pytest.approx(rho))


def test_small_mode_prints_every_figure(capsys):
    assert _script().main(["--petit"]) == 0
    out = capsys.readouterr().out
    assert "Communes : 312 ;" in out
    assert re.search(r"services_publics_par_habitant \| \+0,5 \| [+-]\d,\d\d \|", out)
    assert re.search(r"Besoin global : ρ = [+-]\d,\d\d", out)
    assert re.search(r"Solidité des rangs \(\d+ variantes, chaque poids à ±50 %\)", out)
