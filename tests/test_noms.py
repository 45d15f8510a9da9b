"""One name per concept (issue 26 n° 7), read from the source so that a new alias fails here.

- Refusals are named in French (``…Invalide(s)``, ``…Refusee``, ``…Inconnue``…): no class of the
  package is named ``…Error`` (``CatalogueError`` beside ``CatalogueInvalide`` was one concept
  spelled twice, or two concepts whose names hid the difference).
- No alias: no module-level ``name = other_function`` and no undecorated function whose whole
  body is ``return other(<its own parameters>)`` (``rules()`` for ``load_regles()``,
  ``catalogue()`` for ``load_catalogue_actions()``…). Callers call the function itself.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "village_avenir"
# Alembic's env.py is a script run by Alembic, not a module of ours.
SKIPPED = {PACKAGE / "migrations"}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if not any(s in p.parents for s in SKIPPED))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _where(path: Path, node: ast.AST) -> str:
    shown = path.relative_to(PACKAGE.parent) if PACKAGE.parent in path.parents else path.name
    return f"{shown}:{node.lineno}"


def error_classes(path: Path) -> list[str]:
    """Classes defined in ``path`` (at any depth) whose name ends in ``Error``."""
    return [
        f"{_where(path, n)} {n.name}"
        for n in ast.walk(_tree(path))
        if isinstance(n, ast.ClassDef) and n.name.endswith("Error")
    ]


def _body_without_docstring(fn: ast.FunctionDef) -> list[ast.stmt]:
    body = fn.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return body


def _is_forwarding(fn: ast.FunctionDef) -> bool:
    """``def f(a, b): return g(a, b)`` with ``g`` a name or a dotted name: ``f`` is ``g``."""
    body = _body_without_docstring(fn)
    if fn.decorator_list or len(body) != 1 or not isinstance(body[0], ast.Return):
        return False
    call = body[0].value
    if not isinstance(call, ast.Call) or call.keywords:
        return False
    callee = call.func
    while isinstance(callee, ast.Attribute):
        callee = callee.value
    if not isinstance(callee, ast.Name):  # e.g. ``_scripts().get_current_head()``: not a rename
        return False
    params = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs)]
    passed = [a.id if isinstance(a, ast.Name) else None for a in call.args]
    return passed == params and not fn.args.vararg and not fn.args.kwarg


def aliases(path: Path) -> list[str]:
    """Module-level aliases in ``path``: forwarding functions and ``name = function``."""
    tree = _tree(path)
    callables = {
        n.name
        for n in tree.body
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    }
    for n in tree.body:
        if isinstance(n, ast.ImportFrom):
            callables.update(a.asname or a.name for a in n.names)
    found = []
    for n in tree.body:
        if isinstance(n, ast.FunctionDef) and _is_forwarding(n):
            found.append(f"{_where(path, n)} {n.name}() only calls another function")
        elif (
            isinstance(n, ast.Assign)
            and len(n.targets) == 1
            and isinstance(n.targets[0], ast.Name)
            and isinstance(n.value, ast.Name)
            and n.value.id in callables
        ):
            found.append(f"{_where(path, n)} {n.targets[0].id} = {n.value.id}")
    return found


def test_no_class_of_the_package_is_named_error():
    found = [c for p in _modules() for c in error_classes(p)]
    assert not found, "Nommez le refus en français (…Invalide, …Refusee) : " + ", ".join(found)


def test_no_module_level_alias_of_a_function():
    found = [a for p in _modules() for a in aliases(p)]
    assert not found, "Appelez la fonction elle-même : " + ", ".join(found)


# The guards themselves must be able to fail: the shapes they were written against.
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from .p import load_regles\ndef rules():\n    return load_regles()\n", 1),
        ("def f(x):\n    '''Doc.'''\n    return g(x)\n", 1),
        ("from .p import load_regles\nregles = load_regles\n", 1),
        ("def f(x):\n    return g(x, 1)\n", 0),  # adds an argument: not a rename
        ("def f(x):\n    return g()\n", 0),  # drops one
        ("@bp.get('/')\ndef index():\n    return _page()\n", 0),  # a route, not an alias
        ("def head():\n    return _scripts().get_current_head()\n", 0),
        ("LIMIT = 3\nDEFAULT = LIMIT\n", 0),  # a constant, not a callable
    ],
)
def test_the_alias_guard_sees_a_forwarding_function(tmp_path, source, expected):
    path = tmp_path / "m.py"
    path.write_text(source, encoding="utf-8")
    assert len(aliases(path)) == expected


def test_the_error_guard_sees_a_nested_error_class(tmp_path):
    path = tmp_path / "m.py"
    path.write_text("def load():\n    class CatalogueError(ValueError):\n        pass\n")
    assert error_classes(path) == ["m.py:2 CatalogueError"]
