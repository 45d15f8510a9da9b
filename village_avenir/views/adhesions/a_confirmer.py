"""The engineers' queue of doubtful memberships: list, confirm or clear with reason and source.

Routes of the ``adhesions`` blueprint; the use cases are in ``services/a_confirmer.py``.
"""

from __future__ import annotations

from flask import flash, render_template, url_for
from flask_login import current_user

from ...db import get_session
from ...domain.roles import INGENIEUR
from ...forms.adhesions import ArbitrageForm
from ...parametres import load_regles
from ...services.a_confirmer import a_confirmer, trancher
from ...services.adhesions import AdhesionInvalide
from ...web.auth import role_required
from ..refus import act
from .blueprint import bp


def _queue_page(form=None, status=200):
    return render_template(
        "adhesions/a_confirmer.html",
        file=a_confirmer(get_session(), load_regles()),
        form=form or ArbitrageForm(),
        regles=load_regles(),
    ), status


@bp.get("/adhesions/a-confirmer")
@role_required(INGENIEUR)
def file_a_confirmer():
    return _queue_page()


@bp.post("/adhesions/<int:adhesion_id>/<any(confirmer, ecarter):action>")
@role_required(INGENIEUR)
def arbitrer(adhesion_id: int, action: str):
    form = ArbitrageForm()
    if not form.validate_on_submit():
        errors = [e for f in (form.motif, form.source) for e in f.errors]
        flash(
            "Rien n'a été modifié : " + " ".join(errors or ["motif ou source manquant."]), "erreur"
        )
        return _queue_page(form, 400)
    verbe = "confirmée (la commune est exclue)" if action == "confirmer" else "écartée"
    return act(
        lambda: trancher(
            get_session(),
            adhesion_id,
            action,
            motif=form.motif.data,
            source=form.source.data,
            qui=current_user.email,
        ),
        refus=AdhesionInvalide,
        succes=lambda adhesion: f"Adhésion de la commune {adhesion.code_insee} {verbe}.",
        suite=url_for("adhesions.file_a_confirmer"),
        page=lambda status: _queue_page(form, status),
    )
