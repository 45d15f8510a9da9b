"""Service refusals as HTTP answers (``views/refus.py``, ``views/errors.py``): every refusal
class derives from the one base (``domain/refus.py``) and carries its status, the one error
handler answers it with that status and the French message, the answer shapes of a form (flash,
form again) keep the message. No view answering a refusal by hand: ``test_refus_vues.py``."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from html import unescape

import pytest
import wtforms
from flask import Flask, get_flashed_messages

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
