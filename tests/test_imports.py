"""The package's import graph: no circle, and no import back up a layer.

Every ``import`` of the package is read from the source (module level and inside functions, as
``tests/domain/test_purity.py`` does), so a circle hidden in a function still counts. A package's
``__init__`` importing its own modules is an edge like any other; a module importing its own
package's ``__init__`` would close a circle and is caught.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "village_avenir"
NAME = "village_avenir"

# From the bottom up: a module may import its own layer or a lower one, never a higher one.
LAYERS = [
    ("domaine", {"domain"}),
    (
        "données",
        {
            "config",
            "lru",
            "models",
            "parametres",
            "sources",
            "scoring_array",
            "exports",
            "formatting",
        },
    ),
    ("stockage", {"db", "schema", "repository", "migrations", "journal_texte"}),
    ("services", {"services"}),
    (
        "présentation",
        {
            "filet",
            "forms",
            "liens",
            "maps",
            "serializers",
            "web",
        },
    ),
    ("entrées", {"views", "cli"}),
    ("application", {"", "wsgi"}),
]
LAYER_OF = {top: rank for rank, (_, tops) in enumerate(LAYERS) for top in tops}


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _base(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    parts = module.split(".") if is_package else module.split(".")[:-1]
    parts = parts[: len(parts) - (node.level - 1)]
    return ".".join(parts + ([node.module] if node.module else []))


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """``module → modules of the package it imports`` (``from pkg import module`` names the
    module; ``from module import name`` names the module)."""
    paths = {module_name(p, root): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        is_package = path.name == "__init__.py"
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = _base(module, is_package, node)
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    targets.add(sub if sub in paths else base)
        graph[module] = {t for t in targets if t in paths and t != module}
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def layer(module: str) -> int:
    parts = module.split(".")
    return LAYER_OF[parts[1] if len(parts) > 1 else ""]


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{source} → {target}"
        for source, targets in graph.items()
        for target in targets
        if layer(target) > layer(source)
    )


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
        ({"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"c"}}, [["a", "b"], ["c", "d"]]),
    ],
)
def test_find_cycles_finds_every_circle(graph, expected):
    assert sorted(find_cycles(graph)) == expected


def test_the_graph_sees_imports_inside_functions(tmp_path):
    pkg = tmp_path / NAME
    (pkg / "views").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "views" / "__init__.py").write_text("from . import a\n")
    (pkg / "views" / "a.py").write_text("def f():\n    from .b import g\n")
    (pkg / "views" / "b.py").write_text("from ..views import a\n")
    graph = import_graph(pkg)
    assert graph[f"{NAME}.views.a"] == {f"{NAME}.views.b"}
    assert find_cycles(graph) == [[f"{NAME}.views.a", f"{NAME}.views.b"]]


def test_every_top_level_module_has_a_layer():
    tops = {m.split(".")[1] if "." in m else "" for m in import_graph()}
    assert tops <= set(LAYER_OF), f"sans couche : {sorted(tops - set(LAYER_OF))}"


def test_the_package_has_no_import_circle():
    assert find_cycles(import_graph()) == []


def test_no_module_imports_a_higher_layer():
    assert upward_imports(import_graph()) == []


def test_an_import_up_a_layer_is_reported():
    graph = {
        f"{NAME}.domain.dates": {f"{NAME}.services.audit"},
        f"{NAME}.views.accueil": {f"{NAME}.services.audit"},
    }
    assert upward_imports(graph) == [f"{NAME}.domain.dates → {NAME}.services.audit"]
