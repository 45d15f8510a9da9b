"""Engineers manage a commune's scheme memberships: add, confirm, withdraw (with a reason).
The queue of doubtful memberships (``/adhesions/a-confirmer``) is in ``a_confirmer.py``."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ... import repository as repo
from ... import services
from ...db import get_session
from ...domain.roles import INGENIEUR
from ...forms.adhesions import AdhesionForm, MotifForm
from ...parametres import load_regles
from ...services.adhesions import (
    AdhesionInvalide,
    add_membership,
    confirm_membership,
    remove_membership,
)
from ...web.auth import is_departement, role_required
from ..refus import act
from ..sections import Section, sheet_section
from .blueprint import bp


def _assessment(code: str):
    return services.assess(get_session(), load_regles(), code)


def _add_form() -> AdhesionForm:
    form = AdhesionForm()
    form.programme.choices = [SelectChoice(s.code, s.libelle) for s in load_regles().schemes]
    form.niveau_preuve.choices = [
        SelectChoice(lv.code, lv.libelle) for lv in load_regles().levels.values()
    ]
    return form


def _page(a, form=None, status=200):
    return render_template(
        "adhesions/gerer.html",
        a=a,
        adhesions=repo.memberships_of(get_session(), a.commune.code_insee),
        form=form or _add_form(),
        motif_form=MotifForm(),
        regles=load_regles(),
    ), status


@bp.get("/communes/<code>/adhesions")
@role_required(INGENIEUR)
def gerer(code: str):
    a = _assessment(code)
    if a.resolution.redirected:
        return redirect(url_for("adhesions.gerer", code=a.commune.code_insee))
    return _page(a)


@bp.post("/communes/<code>/adhesions")
@role_required(INGENIEUR)
def ajouter(code: str):
    a = _assessment(code)
    form = _add_form()
    if not form.validate_on_submit():
        flash("L'adhésion n'a pas été enregistrée : corrigez les champs signalés.", "erreur")
        return _page(a, form, 400)
    return act(
        lambda: add_membership(
            get_session(),
            load_regles(),
            code_insee=a.commune.code_insee,
            programme=form.programme.data,
            niveau_preuve=form.niveau_preuve.data,
            source=form.source.data,
            source_url=form.source_url.data,
            date_source=form.date_source.data,
            preuve=form.preuve.data,
            debut=form.debut.data,
            fin=form.fin.data,
            motif=form.motif.data,
            qui=current_user.email,
        ),
        refus=AdhesionInvalide,
        succes="Adhésion enregistrée.",
        suite=url_for("adhesions.gerer", code=a.commune.code_insee),
        page=lambda status: _page(a, form, status),
    )


@bp.post("/communes/<code>/adhesions/<int:adhesion_id>/<any(confirmer, retirer):action>")
@role_required(INGENIEUR)
def modifier(code: str, adhesion_id: int, action: str):
    a = _assessment(code)
    form = MotifForm()
    if not form.validate_on_submit():
        flash(
            "Rien n'a été modifié : " + " ".join(form.motif.errors or ["motif manquant."]), "erreur"
        )
        return _page(a, status=400)
    change = confirm_membership if action == "confirmer" else remove_membership
    return act(
        lambda: change(
            get_session(),
            adhesion_id,
            a.commune.code_insee,
            motif=form.motif.data,
            qui=current_user.email,
        ),
        refus=AdhesionInvalide,
        succes="Adhésion confirmée." if action == "confirmer" else "Adhésion retirée.",
        suite=url_for("adhesions.gerer", code=a.commune.code_insee),
        page=lambda status: _page(a, status=status),
    )


@sheet_section(5)
def _link_for_engineers(session, assessment):
    if not is_departement(current_user):
        return None
    return Section("adhesions/_fiche.html", {"code": assessment.commune.code_insee})
