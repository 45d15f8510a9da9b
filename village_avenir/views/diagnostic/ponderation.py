"""The weights page: preview the new ranking of eligible communes, then save a dated version."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from ... import services
from ...db import get_session
from ...domain.ranking import rank
from ...forms.diagnostic import PonderationForm, ponderation_form
from ...parametres import load_parametres_diagnostic, load_regles
from ...services import diagnostic as diag
from ...services.diagnostic.calcul import compute, current_weights
from ...web.auth import role_required
from .blueprint import bp


def _preview(session, weights: dict, proposed: dict) -> list[tuple]:
    """The communes eligible or à vérifier ranked with the proposed weights (the rules of
    ``domain.ranking``), beside their current rank."""
    assessments = services.assess_all(session, load_regles())
    names = {a.commune.code_insee: a.commune.nom for a in assessments}
    statuts = {a.commune.code_insee: a.eligibility.statut for a in assessments}
    _, _, old = compute(session, weights)
    _, _, new = compute(session, proposed)

    def ranking(result):
        return rank((c, result.communes[c].score_global, statuts[c]) for c in statuts)

    before, after = ranking(old), ranking(new)
    return [
        (
            after.rang(c),
            c,
            names[c],
            new.communes[c].score_global,
            before.rang(c) or "—",
            old.communes[c].score_global,
            new.communes[c].couverture,
        )
        for c in after.ordre[:40]
    ]


def _posted_weights(form: PonderationForm, current: dict) -> tuple[dict, dict]:
    """The typed weights. A threshold-mode indicator (judged against its threshold, never
    scored) has no field: it keeps its current weight, which has no effect."""
    cat = load_parametres_diagnostic().catalogue

    def posted(i) -> object:
        if i.mode == "rang":
            return form.poids_indicateur(i.id)
        return current["indicateurs"].get(i.id, 0)

    return (
        {i.id: posted(i) for i in cat.indicateurs},
        {d: form.poids_domaine(d) for d in cat.domaines},
    )


@bp.route("/ponderation", methods=["GET", "POST"])
@role_required("ingenieur")
def ponderation():
    session = get_session()
    label, weights = current_weights(session)
    cat = load_parametres_diagnostic().catalogue
    apercu = erreur = None
    proposed = weights
    form = ponderation_form([i.id for i in cat.indicateurs if i.mode == "rang"], cat.domaines)
    if form.validate_on_submit():  # no rule of its own: check_weights judges the weights
        ind, dom = _posted_weights(form, weights)
        try:
            proposed = diag.check_weights(ind, dom)
            if form.enregistrer():
                version = diag.save_weights(
                    session,
                    indicateurs=ind,
                    domaines=dom,
                    motif=form.chaine("motif"),
                    qui=current_user.email,
                )
                flash(f"Pondération n° {version.id} enregistrée ; scores recalculés.", "succes")
                return redirect(url_for("diagnostic.ponderation"))
        except diag.SaisieInvalide as exc:
            erreur = str(exc)
            proposed = {"indicateurs": ind, "domaines": dom}
        if erreur is None:
            apercu = _preview(session, weights, proposed)
    status = 400 if erreur else 200
    params = load_parametres_diagnostic()
    return render_template(
        "diagnostic/ponderation.html",
        # why each default weight (ponderations.toml), beside its field
        raisons=params.ponderation.raisons,
        defauts=params.default_weights(),
        label=label,
        weights=proposed,
        catalogue=cat,
        apercu=apercu,
        erreur=erreur,
        motif=form.chaine("motif"),
    ), status
