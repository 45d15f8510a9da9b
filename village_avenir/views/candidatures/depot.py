"""The deposit's summary page (commune side): what will be sent, then « Confirmer ».

Reached from the application form once the draft is saved, valid and complete. The state
moves only on the confirmation POST. When a complement was requested, the same page takes
the commune's answer to the Département: answer and complement go in one transaction and
the state moves once (issue 12, item 4).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ...db import get_session
from ...domain import workflow as wf
from ...forms.candidature import candidature_form
from ...forms.instruction import DepotForm
from ...parametres import load_parametres_candidature
from ...services.candidatures import dossiers as svc
from ...services.candidatures import echanges
from .blueprint import bp
from .common import candidature_context, eligibility_of, load_candidature, require_commune_role


def _format_ok(cand) -> bool:
    """The saved content passes the deposit's format checks (as on the form)."""
    form = candidature_form(
        load_parametres_candidature(),
        formdata=None,
        data=svc.contenu_of(cand),
        meta={"csrf": False},
    )
    return form.validate()


def _back_to_form(cid: int, message: str):
    flash(message, "erreur")
    return redirect(url_for("candidatures.dossier", cid=cid))


@bp.route("/<int:cid>/depot", methods=["GET", "POST"])
@login_required
def depot(cid: int):
    cand, campagne = load_candidature(cid)
    require_commune_role()
    if cand.etat not in wf.EDITABLE_BY_COMMUNE:  # e.g. the back button after a deposit
        return render_template(
            "erreur.html",
            code=409,
            titre="Rien à transmettre",
            message=f"La candidature est « {wf.label(cand.etat)} » : il n'y a rien à déposer "
            "ni à transmettre pour l'instant.",
        ), 409
    if svc.missing(cand):
        return _back_to_form(cid, "Le dossier est incomplet : complétez-le avant de déposer.")
    if not _format_ok(cand):
        return _back_to_form(cid, "Corrigez les champs signalés avant de déposer.")
    _, statut, raisons = eligibility_of(cand.code_insee, campagne)
    form = DepotForm()
    reponse = form.chaine("reponse")[: echanges.MAX_TEXTE + 1]
    status = 200
    if form.validate_on_submit():  # no rule of its own: the service judges the deposit
        try:
            svc.deposit(
                get_session(),
                cand,
                qui=current_user.email,
                role=current_user.role,
                statut=statut,
                raisons=raisons,
                version_attendue=form.expected_version(),
                reponse=reponse,
            )
        except svc.DossierIncomplet:
            return _back_to_form(cid, "Le dossier est incomplet : complétez-le avant de déposer.")
        except (svc.CandidatureRefusee, wf.TransitionInvalide, svc.ConflitEdition) as exc:
            get_session().refresh(cand)
            flash(str(exc), "erreur")
            status = 409 if isinstance(exc, svc.ConflitEdition) else 400
        else:
            flash(
                f"Candidature transmise : elle est maintenant « {wf.label(cand.etat)} ». "
                "Un accusé de réception part par courriel.",
                "succes",
            )
            return redirect(url_for("candidatures.detail", cid=cid))
    return render_template(
        "candidatures/depot.html",
        **candidature_context(cand, campagne, avec_notes=False),
        statut=statut,
        raisons=raisons,
        reponse=reponse,
        max_texte=echanges.MAX_TEXTE,
    ), status
