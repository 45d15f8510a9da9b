"""Service refusals as HTTP answers (``views/refus.py``, ``views/errors.py``): every refusal
class derives from the one base (``domain/refus.py``) and carries its status, the one error
handler answers it with that status and the French message, the answer shapes of a form (flash,
form again) keep the message, and no view answers a refusal by hand."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from html import unescape
from pathlib import Path

import pytest
import wtforms
from flask import Flask, get_flashed_messages
from werkzeug.exceptions import HTTPException

from village_avenir.domain.refus import Introuvable, Refus
from village_avenir.services import adhesions, plans
from village_avenir.services.candidatures import dossiers as candidatures
from village_avenir.services.commission import seance as commission
from village_avenir.views import refus

AREAS = ("services", "domain", "maps")


def _modules():
    for area in AREAS:
        package = importlib.import_module(f"village_avenir.{area}")
        yield package
        prefix = f"{package.__name__}."
        for info in pkgutil.walk_packages(package.__path__, prefix):
            yield importlib.import_module(info.name)


def defined_exceptions() -> set[type[Exception]]:
    """Every exception class defined (not merely imported) in services/, domain/ and maps/."""
    return {
        obj
        for module in _modules()
        for _, obj in inspect.getmembers(module, inspect.isclass)
        if issubclass(obj, Exception) and obj.__module__ == module.__name__
    }


def test_the_areas_define_refusals():
    found = {cls.__name__ for cls in defined_exceptions()}
    assert {"PlanConflit", "CompteInvalide", "TransitionInvalide", "CarteVide"} <= found


def test_every_refusal_class_derives_from_the_base():
    missing = sorted(
        f"{cls.__module__}.{cls.__name__}"
        for cls in defined_exceptions()
        if not issubclass(cls, Refus) and cls not in refus.HORS_WEB
    )
    assert missing == [], "faites hériter ces refus de domain/refus.py:Refus (ou HORS_WEB)"


def test_no_class_is_both_answered_and_out_of_the_web():
    assert not set(refus.STATUTS) & refus.HORS_WEB
    assert not [cls for cls in refus.HORS_WEB if issubclass(cls, Refus)]


def test_the_table_reads_the_status_of_each_class():
    assert all(refus.STATUTS[cls] == cls.status for cls in refus.REFUS)
    assert {cls.status for cls in refus.REFUS} == {400, 403, 404, 409, 429}


def test_a_subclass_keeps_the_base_of_the_code_that_catches_it():
    """``except ValueError`` / ``except LookupError`` elsewhere still catch these."""
    assert issubclass(candidatures.CandidatureRefusee, ValueError)
    assert issubclass(plans.PlanIntrouvable, LookupError)
    assert issubclass(Introuvable, LookupError)


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (adhesions.AdhesionInvalide("x"), 400),
        (candidatures.TexteTropLong(["x"]), 400),
        (candidatures.ConflitEdition(), 409),
        (commission.CommissionRefusee("x"), 400),
        (plans.PlanIntrouvable("x"), 404),
        (plans.PlanConflit("x"), 409),
        (LookupError("Ce message n'existe pas."), 404),
        (Introuvable("Ce message n'existe pas."), 404),
        (KeyError("x"), 404),  # a plain LookupError's subclass: its parent's entry
    ],
)
def test_status_of(exc, status):
    assert refus.status_of(exc) == status


def test_status_of_an_unknown_exception_is_an_error():
    with pytest.raises(LookupError, match="Refus sans statut HTTP : ZeroDivisionError"):
        refus.status_of(ZeroDivisionError())


@pytest.mark.parametrize(
    ("exc", "status", "expected"),
    [
        (plans.PlanConflit("Plan modifié entre-temps."), None, 409),
        (commission.CommissionRefusee("Déjà arrêté."), 409, 409),
        (adhesions.AdhesionInvalide("Motif manquant."), None, 400),
    ],
)
def test_fail_aborts_with_the_french_message(exc, status, expected):
    with pytest.raises(HTTPException) as raised:
        refus.fail(exc, status)
    assert raised.value.code == expected
    assert raised.value.description == str(exc)


@pytest.fixture
def bare():
    """A bare Flask app: flashing needs a request and a secret key, not the database."""
    app = Flask(__name__)
    app.secret_key = "essai"
    return app


def _service(result=None, error=None):
    def call():
        if error is not None:
            raise error
        return result

    return call


def test_act_flashes_success_and_redirects(bare):
    with bare.test_request_context():
        answer = refus.act(
            _service(result="Albas"),
            refus=adhesions.AdhesionInvalide,
            succes=lambda nom: f"Adhésion de {nom} enregistrée.",
            suite="/suite",
        )
        assert (answer.status_code, answer.location) == (302, "/suite")
        assert get_flashed_messages(with_categories=True) == [
            ("succes", "Adhésion de Albas enregistrée.")
        ]


def test_act_flashes_a_refusal_and_redirects_without_a_page(bare):
    with bare.test_request_context():
        answer = refus.act(
            _service(error=adhesions.AdhesionInvalide("Motif manquant.")),
            refus=adhesions.AdhesionInvalide,
            succes="jamais",
            suite="/suite",
        )
        assert (answer.status_code, answer.location) == (302, "/suite")
        assert get_flashed_messages(with_categories=True) == [("erreur", "Motif manquant.")]


@pytest.mark.parametrize(("status", "expected"), [(None, 409), (400, 400)])
def test_act_gives_the_page_the_status_of_the_refusal(bare, status, expected):
    with bare.test_request_context():
        answer = refus.act(
            _service(error=candidatures.ConflitEdition()),
            refus=(candidatures.CandidatureRefusee, candidatures.ConflitEdition),
            succes="jamais",
            suite="/suite",
            page=lambda code: ("formulaire", code),
            status=status,
        )
        assert answer == ("formulaire", expected)
        assert get_flashed_messages(with_categories=True) == [
            ("erreur", str(candidatures.ConflitEdition()))
        ]


def test_act_lets_other_exceptions_through(bare):
    with bare.test_request_context(), pytest.raises(candidatures.ConflitEdition):
        refus.act(
            _service(error=candidatures.ConflitEdition()),
            refus=adhesions.AdhesionInvalide,
            succes="jamais",
            suite="/suite",
        )


class _Formulaire(wtforms.Form):
    mot_de_passe = wtforms.StringField()


def test_show_on_a_form_puts_the_message_above_its_fields():
    form = _Formulaire()
    assert form.validate()
    assert refus.show_on(form, plans.PlanConflit("Plan modifié entre-temps.")) == 409
    assert form.form_errors == ["Plan modifié entre-temps."]
    assert form.mot_de_passe.errors == []


def test_show_on_a_field_keeps_its_other_errors():
    form = _Formulaire()
    form.validate()
    form.mot_de_passe.errors.append("Trop court.")
    assert refus.show_on(form.mot_de_passe, adhesions.AdhesionInvalide("Déjà utilisé.")) == 400
    assert form.mot_de_passe.errors == ["Trop court.", "Déjà utilisé."]
    assert form.form_errors == []


# --- The one error handler -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        # raised by the service, caught by no view: the one handler answers
        ("/communes/46999", 404, "Aucune commune"),  # CommuneInconnue
        ("/api/communes/46999", 404, "Aucune commune"),  # the same, as JSON under /api/
        ("/carte?couleur=inconnue", 400, "Aucune coloration « inconnue »"),  # ColouringInconnue
    ],
)
def test_the_handler_answers_a_refusal_with_its_status_and_message(client, path, status, message):
    answer = client.get(path)
    assert answer.status_code == status
    if path.startswith("/api/"):
        assert answer.get_json()["erreur"]["code"] == status
        assert message in answer.get_json()["erreur"]["message"]
    else:
        assert "text/html" in answer.content_type
        assert message in unescape(answer.get_data(as_text=True))


def test_the_handler_uses_the_class_status_and_the_french_message(app):
    class Essai(Refus):
        status = 409

    with app.test_request_context("/essai"):
        answer = app.make_response(
            app.handle_user_exception(Essai("Quelqu'un d'autre l'a modifié."))
        )
    assert answer.status_code == 409
    assert "Quelqu'un d'autre l'a modifié." in unescape(answer.get_data(as_text=True))


# --- No hand-written answer to a refusal in views/ ---------------------------------------------

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
