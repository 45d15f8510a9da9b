"""Diagnostic writes from the web: declared/assessed values, validation, overrides."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user

from ...db import get_session
from ...forms.base import Form
from ...forms.diagnostic import AjustementForm, RetraitForm, ValeurForm
from ...services import diagnostic as diag
from ...web.auth import require_commune_access, role_required
from ..communes import refused_sheet
from ..sections import SaisieRefusee
from .blueprint import bp


def _fiche(code: str, ancre: str = "diagnostic"):
    return redirect(url_for("communes.fiche", code=code, _anchor=ancre))


def _refused(code: str, formulaire: str, form: Form, exc: Exception):
    """The commune sheet again (400), with the message beside the form and what was typed."""
    return refused_sheet(code, SaisieRefusee(formulaire, str(exc), form.saisie()))


@bp.post("/communes/<code>/valeurs")
def saisir_valeur(code: str):
    """A commune declares (origine « declaree »), an engineer assesses (« evaluee »)."""
    require_commune_access(code)
    origine = diag.origin_for(current_user.role)
    form = ValeurForm()
    form.validate_on_submit()  # no rule of its own: domain.saisie judges the value
    try:
        diag.declare_value(
            get_session(),
            code_insee=code,
            indicateur=form.chaine("donnee"),
            valeur=form.chaine("valeur"),
            annee=form.chaine("annee"),
            source=form.chaine("source"),
            qui=current_user.email,
            origine=origine,
        )
    except diag.SaisieInvalide as exc:
        return _refused(code, "valeur", form, exc)
    msg = (
        "Valeur enregistrée."
        if origine == "evaluee"
        else "Valeur déclarée : elle sera prise en compte après validation par le Département."
    )
    flash(msg, "succes")
    return _fiche(code)


@bp.post("/communes/<code>/valeurs/<donnee>/validation")
@role_required("ingenieur")
def valider_valeur(code: str, donnee: str):
    diag.validate_value(get_session(), code_insee=code, indicateur=donnee, qui=current_user.email)
    flash("Valeur validée : elle entrera dans le prochain calcul des scores.", "succes")
    return _fiche(code)


@bp.post("/communes/<code>/ajustements")
@role_required("ingenieur")
def ajuster(code: str):
    form = AjustementForm()
    form.validate_on_submit()  # no rule of its own: the service judges the override
    try:
        diag.override_score(
            get_session(),
            code_insee=code,
            domaine=form.chaine("domaine"),
            valeur=form.chaine("valeur"),
            motif=form.chaine("motif"),
            qui=current_user.email,
        )
    except diag.SaisieInvalide as exc:
        return _refused(code, "ajustement", form, exc)
    flash("Score ajusté ; le score calculé reste affiché à côté.", "succes")
    return _fiche(code)


@bp.post("/ajustements/<int:ident>/retrait")
@role_required("ingenieur")
def retirer_ajustement(ident: int):
    form = RetraitForm()
    form.validate_on_submit()  # no rule of its own: the service judges the reason
    adj = diag.remove_override(
        get_session(),
        ajustement_id=ident,
        motif=form.chaine("motif"),
        qui=current_user.email,
    )
    flash("Ajustement retiré.", "succes")
    return _fiche(adj.code_insee)
