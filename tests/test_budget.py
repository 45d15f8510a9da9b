"""The fast loop's budget check (tests/budget.py): which tests count, and when it fails."""

import pytest

from tests.budget import BUDGET_S, counts_for_fast_loop, over_budget


@pytest.mark.parametrize(
    ("nodeid", "keywords", "counts"),
    [
        ("tests/web/test_pages.py::test_home[sqlite]", {"sqlite": 1}, True),
        ("tests/web/test_pages.py::test_home[postgresql]", {"postgresql": 1}, False),
        ("tests/web/test_fuzz_forms.py::test_fuzz[sqlite]", {"slow": 1}, False),
        ("tests/domain/test_dates.py::test_parse", {}, True),
    ],
)
def test_which_tests_count(nodeid, keywords, counts):
    assert counts_for_fast_loop(nodeid, keywords) is counts


def test_under_or_at_the_budget_passes():
    assert over_budget({"a": BUDGET_S / 2, "b": BUDGET_S / 2}) is None
    assert over_budget({}) is None


def test_over_the_budget_names_the_slowest_first():
    durations = {f"t{i}": 1.0 for i in range(20)} | {"lent": 50.0, "moyen": 20.0}
    message = over_budget(durations, budget=60.0, shown=3)
    assert message is not None
    assert "90 s de tests pour 60 s" in message
    lines = message.splitlines()
    assert len(lines) == 4
    assert lines[1].endswith("lent") and lines[2].endswith("moyen")


def test_every_slow_entry_names_a_test():
    """An entry of SLOW_TESTS whose test was renamed or removed fails here."""
    import ast

    from tests.conftest import ROOT, SLOW_TESTS

    for nodeid in SLOW_TESTS:
        module, name = nodeid.split("::", 1)
        tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
        names = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        assert name in names, f"SLOW_TESTS nomme un test absent : {nodeid}"
