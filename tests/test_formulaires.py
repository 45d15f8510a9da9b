"""Every POST goes through a WTForms form (issue 26 n° 4).

The views read what was posted through a form of ``village_avenir/forms/`` (labels and
validators in French, CSRF checked, what was typed shown again on a refusal), not through
``request.form``. This file counts the raw reads left in ``views/`` from the source (AST), so
that a new one fails here, and tests the forms that carry rules of their own.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from flask import Flask
from wtforms import StringField

from village_avenir.forms.base import Form, annee_valide
from village_avenir.forms.commission import seance_form
from village_avenir.forms.diagnostic import ponderation_form
from village_avenir.forms.imports import ImportIndicateursForm
from village_avenir.forms.patrimoine import EnvoiVisiteForm

VIEWS = Path(__file__).resolve().parents[1] / "village_avenir" / "views"

# At most 2 places in views/ may read request.form by hand, each with its reason.
LIMITE = 2
# None today: the conflict panel's choices of the application form, the last ones, are read
# through forms/conflits.py. A place added here names its reason.
PERMIS: dict[tuple[str, str], str] = {}


def raw_reads(source: str) -> list[tuple[str, int]]:
    """``(enclosing function, line)`` of each ``request.form`` / ``request.values`` read
    (``flask.request.form`` too; an alias ``f = request.form`` counts once, where it is made)."""
    tree = ast.parse(source)
    found = []

    def visit(node, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = function
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = child.name
            if (
                isinstance(child, ast.Attribute)
                and child.attr in {"form", "values"}
                and (
                    (isinstance(child.value, ast.Name) and child.value.id == "request")
                    or (isinstance(child.value, ast.Attribute) and child.value.attr == "request")
                )
            ):
                found.append((function, child.lineno))
            visit(child, inner)

    visit(tree, "<module>")
    return found


def views_reads() -> dict[tuple[str, str], list[int]]:
    reads: dict[tuple[str, str], list[int]] = {}
    for path in sorted(VIEWS.rglob("*.py")):
        for function, line in raw_reads(path.read_text(encoding="utf-8")):
            reads.setdefault((path.relative_to(VIEWS).as_posix(), function), []).append(line)
    return reads


def test_the_counter_finds_every_shape_of_raw_read():
    source = (
        "import flask\nfrom flask import request\n"
        "def a():\n    return request.form.get('x')\n"
        "def b():\n    f = request.form\n    return f['y'], f.getlist('z')\n"
        "def c():\n    return flask.request.form['x'], request.values.get('y')\n"
        "def d():\n    return request.args.get('x'), request.files.get('y'), form.data\n"
    )
    assert raw_reads(source) == [("a", 4), ("b", 6), ("c", 9), ("c", 9)]


def test_views_read_request_form_only_in_the_allowed_places():
    reads = views_reads()
    unexpected = {
        f"views/{path}:{lines} ({function})"
        for (path, function), lines in reads.items()
        if (path, function) not in PERMIS
    }
    assert not unexpected, (
        "lire request.form à la main dans une vue : passez par un formulaire de "
        f"village_avenir/forms/ (validate_on_submit) : {sorted(unexpected)}"
    )
    assert len(PERMIS) <= LIMITE
    assert sum(len(reads.get(place, [])) for place in PERMIS) <= LIMITE


# --- the forms with rules of their own -------------------------------------------------------


@pytest.fixture
def app():
    """A bare Flask app: the forms need a request, not the database."""
    app = Flask(__name__)
    app.config.update(SECRET_KEY="test", WTF_CSRF_ENABLED=False, WTF_I18N_ENABLED=False)
    return app


def _posted(app, data):
    return app.test_request_context("/", method="POST", data=data)


class _AnneeForm(Form):
    annee = StringField("Année", validators=[annee_valide(annee_min=2000)])
    millesime = StringField("Millésime", validators=[annee_valide("millésime invalide.")])


@pytest.mark.parametrize(
    ("annee", "millesime", "erreurs"),
    [
        ("2026", "1990", []),
        ("", "", []),  # empty is another validator's business (DataRequired)
        ("1999", "", ["Année 1999 hors limites (2000 à 2100)."]),
        ("26", "", ["Année invalide « 26 » : quatre chiffres (par exemple 2024)."]),
        ("", "\u0662\u0660\u0662\u0664", ["millésime invalide."]),
    ],
)
def test_annee_valide_calls_the_domain_year_check(app, annee, millesime, erreurs):
    with _posted(app, {"annee": annee, "millesime": millesime}):
        form = _AnneeForm()
        assert form.validate_on_submit() is (not erreurs)
        assert form.erreurs() == erreurs


FORMATS = {"insee-logement": "INSEE", "merimee": "Mérimée"}


@pytest.mark.parametrize(
    ("data", "erreur", "annee"),
    [
        ({"format": "insee-logement"}, None, None),
        ({"format": "insee-logement", "annee": " 2022 "}, None, "2022"),
        ({"format": "merimee", "annee": "2024"}, None, "2024"),
        ({"format": "merimee"}, "indiquez le millésime du fichier", None),
        ({"format": "merimee", "annee": "24"}, "millésime invalide (année sur 4", None),
        ({"format": "insee-logement", "annee": "20x4"}, "millésime invalide", None),
        ({"format": "inconnu", "annee": "x"}, "choisissez le format du fichier.", None),
        ({}, "choisissez le format du fichier.", None),
    ],
)
def test_indicator_import_form(app, data, erreur, annee):
    with _posted(app, data):
        form = ImportIndicateursForm(FORMATS, {"merimee"})
        assert form.validate_on_submit() is (erreur is None)
        if erreur:
            assert form.erreurs()[0].startswith(erreur)
        else:
            assert form.annee_lue() == annee


def test_import_confirmation_and_file_name(app):
    with _posted(app, {"action": "confirmer", "nom": "../../etc/passwd", "partiel": "oui"}):
        form = ImportIndicateursForm(FORMATS, set())
        assert form.confirme() and form.partiel_coche() and form.nom_fichier() == "passwd"
    with _posted(app, {"action": "apercu"}):
        form = ImportIndicateursForm(FORMATS, set())
        assert not form.confirme() and not form.partiel_coche() and form.nom_fichier() == "fichier"


@pytest.mark.parametrize(
    ("data", "ordre", "erreur"),
    [
        ({"date_seance": "15/12/2026", "inscrire": ["7", "3", "5"], "rang-3": "1", "rang-7": "2"},
         [3, 7, 5], None),
        ({"date_seance": "2026-12-15"}, [], None),
        ({"date_seance": ""}, None, "Date de la séance : Date invalide"),
        ({"date_seance": "31/02/2027", "inscrire": ["x"]}, None, "Date de la séance : La date"),
        ({"date_seance": "2026-12-15", "inscrire": ["x"]}, None, "Candidature inconnue"),
        ({"date_seance": "2026-12-15", "inscrire": ["3"], "rang-3": "x"}, None, "Le rang de passage"),
        ({"date_seance": "2026-12-15", "inscrire": ["9"], "rang-9": "x"}, [9], None),  # no field
    ],
)  # fmt: skip
def test_session_form_reads_the_ranked_agenda(app, data, ordre, erreur):
    with _posted(app, data):
        form = seance_form([3, 5, 7])
        assert form.validate_on_submit() is (erreur is None)
        if erreur:
            assert form.erreurs()[0].startswith(erreur)
        else:
            assert form.ordre == ordre and form.date_lue.year == 2026
            assert form.saisie()["date_seance"] == data["date_seance"]


@pytest.mark.parametrize(
    ("donnees", "valide"),
    [('{"visite": {}}', True), ("[1, 2]", False), ("{", False), ("", False), (None, False)],
)
def test_visit_sync_form_wants_a_json_object(app, donnees, valide):
    with _posted(app, {} if donnees is None else {"donnees": donnees}):
        form = EnvoiVisiteForm()
        assert form.validate_on_submit() is valide
        if valide:
            assert form.lues == {"visite": {}}


def test_weights_form_has_one_field_per_weight_and_keeps_what_was_typed(app):
    with _posted(app, {"i_a": "2", "d_x": "1,5", "action": "enregistrer", "motif": "revue"}):
        form = ponderation_form(["a", "b"], ["x"])
        assert form.validate_on_submit() and form.enregistrer()
        assert (form.poids_indicateur("a"), form.poids_indicateur("b")) == ("2", "")
        assert form.poids_domaine("x") == "1,5" and form.chaine("motif") == "revue"
        assert form.saisie() == {
            "action": "enregistrer",
            "motif": "revue",
            "i_a": "2",
            "i_b": "",
            "d_x": "1,5",
        }
    # each call builds its own class: another catalogue's fields do not leak in
    with _posted(app, {}):
        assert "i_a" not in ponderation_form(["c"], []).saisie()
