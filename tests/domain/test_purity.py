"""The domain stays pure: it imports only the standard library, shapely and pyproj."""

import ast
import sys
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "village_avenir" / "domain"
ALLOWED_THIRD_PARTY = {"shapely", "pyproj"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level >= 2:
            # ``from ..db import …`` leaves the domain package: name it as foreign
            names.add("village_avenir." + (node.module or ""))
    return names


@pytest.mark.parametrize("path", sorted(DOMAIN.glob("*.py")), ids=lambda p: p.name)
def test_domain_module_imports_only_stdlib_shapely_pyproj(path):
    foreign = {
        name
        for name in _imports(path)
        if name not in sys.stdlib_module_names and name not in ALLOWED_THIRD_PARTY
    }
    assert not foreign, f"{path.name} importe {sorted(foreign)}"
