"""Applications, commune side: the list (engineers see all, with filters and a CSV export;
a commune user sees its own), starting an application, its page, replies, the PDF, and
the commune sheet's section. The form itself is in ``views/candidatures/dossier.py``.
"""

from __future__ import annotations

from flask import (
    Response,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required

from ...db import get_session
from ...domain import workflow as wf
from ...exports import candidatures_csv
from ...forms.instruction import ReponseForm
from ...services.campagnes import list_campaigns
from ...services.candidatures import dossiers as svc
from ...services.candidatures import echanges, instruction, pieces
from ...web.auth import is_departement, role_required
from ..refus import act
from .blueprint import bp
from .common import candidature_context, eligibility_of, load_candidature, require_commune_role


def _rows(etat: str | None):
    session = get_session()
    code = None if is_departement(current_user) else current_user.commune_code
    return svc.list_candidatures(session, code_insee=code, etat=etat)


@bp.get("")
@login_required
def liste():
    etat = request.args.get("etat", "").strip()
    etat = etat if etat in wf.ETATS else ""
    return render_template(
        "candidatures/liste.html",
        rows=_rows(etat or None),
        etat=etat,
        etats=wf.ETATS,
        departement=is_departement(current_user),
        campagne=svc.open_campaign(get_session()),
        campagnes=list_campaigns(get_session()) if is_departement(current_user) else [],
    )


@bp.get("/export.csv")
@role_required("ingenieur")
def export_csv():
    etat = request.args.get("etat", "").strip()
    body = candidatures_csv(_rows(etat if etat in wf.ETATS else None))
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=candidatures.csv"},
    )


@bp.route("/nouvelle", methods=["GET", "POST"])
@login_required
def nouvelle():
    """The eligibility sheet first; then start (or resume) the open campaign's application."""
    require_commune_role()
    code = current_user.commune_code  # never from the form: a commune acts only for itself
    assessment, statut, raisons = eligibility_of(code, svc.open_campaign(get_session()))
    if request.method == "POST":
        try:
            cand = svc.start(
                get_session(),
                code_insee=code,
                statut=statut,
                raisons=raisons,
                qui=current_user.email,
            )
        except svc.CandidatureRefusee as exc:
            flash(str(exc), "erreur")
        else:
            return redirect(url_for("candidatures.dossier", cid=cand.id))
    return render_template(
        "candidatures/nouvelle.html",
        a=assessment,
        raisons=raisons,
        campagne=svc.open_campaign(get_session()),
    )


@bp.get("/<int:cid>")
@login_required
def detail(cid: int):
    cand, campagne = load_candidature(cid)
    return render_template(
        "candidatures/detail.html",
        **candidature_context(cand, campagne, avec_notes=False),
        editable=cand.etat in wf.EDITABLE_BY_COMMUNE and current_user.role == "commune",
    )


@bp.post("/<int:cid>/reponse")
@login_required
def reponse(cid: int):
    cand, _ = load_candidature(cid)
    require_commune_role()
    form = ReponseForm()
    form.validate_on_submit()  # no rule of its own: the service judges the text
    return act(
        lambda: instruction.add_echange(
            get_session(),
            cand,
            genre=echanges.REPONSE,
            texte=form.chaine("texte"),
            qui=current_user.email,
            role=current_user.role,
        ),
        refus=svc.CandidatureRefusee,
        succes="Votre réponse a été transmise au Département.",
        suite=url_for("candidatures.detail", cid=cid),
    )


@bp.get("/<int:cid>/deliberation")
@login_required
def deliberation(cid: int):
    cand, _ = load_candidature(cid)
    if not cand.deliberation_fichier:
        return render_template(
            "erreur.html", code=404, titre="Pièce absente", message="Aucune délibération déposée."
        ), 404
    try:
        path = pieces.path_of(cand.deliberation_fichier)
        return send_file(
            path,
            mimetype="application/pdf",
            as_attachment=True,
            download_name=pieces.download_name(cand.deliberation_nom),
        )
    except (FileNotFoundError, pieces.PieceRefusee):
        return render_template(
            "erreur.html",
            code=404,
            titre="Pièce introuvable",
            message="Le fichier de la délibération est introuvable sur le "
            "serveur : redéposez-le ou prévenez un administrateur.",
        ), 404
