"""No view answers a refusal by hand (issue 26 n° 3): the one error handler
(``views/errors.py``) answers every refusal a view does not catch to show its form again, and
an AST scan of ``views/`` fails on an ``except`` that only repeats it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.web.test_refus import defined_exceptions
from village_avenir.domain.refus import Refus
from village_avenir.views import refus

VIEWS = Path(refus.__file__).parent
ABORTING = {"fail", "abort"}


def refusal_names() -> set[str]:
    """The names an ``except`` may use for a refusal: every subclass of the base, the base,
    a plain ``LookupError`` (a 404 before the base existed), and the tuples named ``REFUS``."""

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    defined_exceptions()  # import every module, so every subclass is known
    return {cls.__name__ for cls in subclasses(Refus)} | {"Refus", "LookupError", "REFUS"}


def answers_by_hand(handler: ast.ExceptHandler) -> bool:
    """True when the body of the ``except`` only answers the refusal, which the error handler
    does already: every statement is a call of ``fail(...)`` or ``abort(...)``, a bare
    ``raise``, or ``raise exc`` of the caught exception. Showing a form again, flashing and
    redirecting, or raising another refusal with another message are not answering by hand."""

    def aborts(statement) -> bool:
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
            func = statement.value.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            return name in ABORTING
        if isinstance(statement, ast.Raise):
            exc = statement.exc
            return exc is None or (isinstance(exc, ast.Name) and exc.id == handler.name)
        return False

    return all(aborts(statement) for statement in handler.body)


def refusal_handlers(source: str, names: set[str]):
    """The ``except`` clauses of a module naming a refusal (by class name, ``mod.Class`` too)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ExceptHandler) and node.type is not None:
            named = {n.id for n in ast.walk(node.type) if isinstance(n, ast.Name)}
            named |= {n.attr for n in ast.walk(node.type) if isinstance(n, ast.Attribute)}
            if named & names:
                yield node


def test_no_view_answers_a_refusal_by_hand():
    """A view catches a refusal only to show its form again (or flash and redirect): an
    ``except`` of a refusal in views/ whose body only aborts, calls ``fail`` or re-raises
    repeats the one error handler (``views/errors.py``) and is refused here."""
    names = refusal_names()
    found = sorted(
        f"{path.relative_to(VIEWS)}:{handler.lineno}"
        for path in VIEWS.rglob("*.py")
        for handler in refusal_handlers(path.read_text(encoding="utf-8"), names)
        if answers_by_hand(handler)
    )
    assert found == [], "le gestionnaire d'erreurs répond déjà à ces refus : retirez ces except"


@pytest.mark.parametrize(
    ("body", "by_hand"),
    [
        ("fail(exc)", True),
        ("abort(404, description=str(exc))", True),
        ("raise", True),
        ("raise exc", True),
        ("return show_on(form, exc)", False),
        ("flash(str(exc), 'erreur')\n        return redirect('/')", False),
        ("raise CommissionRefusee(f'Date : {exc}') from None", False),
    ],
)
def test_the_rule_tells_an_answer_by_hand_from_a_form_again(body, by_hand):
    source = f"def vue():\n    try:\n        pass\n    except service.PlanConflit as exc:\n        {body}\n"
    (handler,) = refusal_handlers(source, refusal_names())
    assert answers_by_hand(handler) is by_hand


def test_the_rule_ignores_other_exceptions():
    source = "try:\n    pass\nexcept OSError:\n    abort(503)\n"
    assert list(refusal_handlers(source, refusal_names())) == []
