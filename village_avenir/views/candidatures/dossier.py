"""The application form (commune side). Every button first saves the draft exactly as typed;
« Déposer » then validates strictly and leads to the summary page (``views/candidatures/depot.py``), where
the deposit is confirmed. Add/remove patrimoine entries work without JavaScript (they are
submit buttons); a removal is confirmed first (« Retirer » saves, then asks).

Pressing Enter in a field submits the form with its first submit button: the template puts
a hidden « Enregistrer le brouillon » first, so Enter only ever saves.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ...db import get_session
from ...domain import workflow as wf
from ...domain.conflits import ChoixManquant, Conflit, apply_choices, conflicting_fields
from ...domain.nombres import parse_entier_positif
from ...forms.candidature import (
    ACTION_AJOUTER,
    ACTION_CONFIRMER_RETRAIT,
    ACTION_DEPOSER,
    ACTION_GARDER,
    ACTION_RETIRER,
    MAX_PATRIMOINE,
    candidature_form,
    form_content,
)
from ...parametres import load_parametres_candidature
from ...services.candidatures import dossiers as svc
from .blueprint import bp
from .common import eligibility_of, load_candidature, require_commune_role

EMPTY_ITEM = {"nom": "", "protection": "", "etat": "", "cout": ""}


def _labels(form) -> dict[str, str]:
    """The content's fields as a person names them (for the conflict panel)."""
    out = {
        name: field.label.text
        for name, field in form._fields.items()
        if name not in ("csrf_token", "version", "deliberation", "patrimoine")
    }
    return {**out, "patrimoine": "Patrimoine : bâtiments et sites"}


def _conflicts(form, cand, mine: dict) -> list[Conflit]:
    return conflicting_fields(mine, svc.contenu_of(cand), _labels(form))


def _resolve(form, cand, contenu: dict) -> dict:
    """Apply the « garder la mienne / l'autre » choices of the conflict panel, if it was shown
    (ChoixManquant when one is missing: nothing is saved)."""
    labels = _labels(form)
    champs = [c for c in request.form.get("conflit_champs", "").split(",") if c in labels]
    if not champs:
        return contenu
    choix = {c: request.form.get(f"conflit-{c}", "") for c in champs}
    return apply_choices(contenu, svc.contenu_of(cand), champs, choix, labels)


def _render(form, cand, campagne, status=200, manques=None, retrait=None, conflits=None):
    _, statut, raisons = eligibility_of(cand.code_insee, campagne)
    form.version.data = str(cand.version)
    return render_template(
        "candidatures/dossier.html",
        form=form,
        cand=cand,
        campagne=campagne,
        statut=statut,
        raisons=raisons,
        manques=manques if manques is not None else svc.missing(cand),
        retrait=retrait,
        conflits=conflits or [],
    ), status


def _apply_list_action(action: str, contenu: dict) -> bool:
    """Add or remove a patrimoine entry; True when the action was one of those."""
    items = contenu.setdefault("patrimoine", [])
    if action == ACTION_AJOUTER:
        if len(items) >= MAX_PATRIMOINE:
            flash(
                f"Le dossier compte déjà {MAX_PATRIMOINE} bâtiments ou sites, le maximum : "
                "regroupez-en ou retirez-en un avant d'en ajouter.",
                "erreur",
            )
        else:
            items.append(dict(EMPTY_ITEM))
        return True
    if action.startswith(ACTION_CONFIRMER_RETRAIT):
        index = parse_entier_positif(action[len(ACTION_CONFIRMER_RETRAIT) :])
        if index is not None and index < len(items):
            removed = items.pop(index)
            nom = (removed.get("nom") or "").strip() if isinstance(removed, dict) else ""
            flash(
                f"Bâtiment ou site n° {index + 1}{f' « {nom} »' if nom else ''} retiré du dossier.",
                "info",
            )
        return True
    # « Retirer » itself only saves and asks for confirmation (see ``dossier``).
    return action.startswith(ACTION_RETIRER)


@bp.route("/<int:cid>/dossier", methods=["GET", "POST"])
@login_required
def dossier(cid: int):
    cand, campagne = load_candidature(cid)
    require_commune_role()
    session, params = get_session(), load_parametres_candidature()
    if request.method == "GET":
        if cand.etat not in wf.EDITABLE_BY_COMMUNE:
            flash(f"La candidature est « {wf.label(cand.etat)} » : elle n'est plus modifiable.")
            return redirect(url_for("candidatures.detail", cid=cid))
        retrait = parse_entier_positif(request.args.get("retrait"))
        return _render(
            candidature_form(params, data=svc.contenu_of(cand)), cand, campagne, retrait=retrait
        )

    form = candidature_form(params)
    contenu = form_content(form)
    try:
        contenu = _resolve(form, cand, contenu)
    except ChoixManquant as exc:
        flash(str(exc), "erreur")
        return _render(form, cand, campagne, 409, conflits=_conflicts(form, cand, contenu))
    action = request.form.get("action", "")
    list_action = _apply_list_action(action, contenu)
    upload = request.files.get("deliberation")
    piece = (upload.filename, upload.read()) if upload and upload.filename else None
    try:
        refus = svc.save_draft(
            session,
            cand,
            contenu=contenu,
            version_attendue=parse_entier_positif(form.version.data),
            qui=current_user.email,
            piece=piece,
        )
    except svc.ConflitEdition as exc:
        session.refresh(cand)
        flash(str(exc), "erreur")
        return _render(form, cand, campagne, 409, conflits=_conflicts(form, cand, contenu))
    except svc.TexteTropLong as exc:
        flash(str(exc), "erreur")
        return _render(form, cand, campagne, 400)
    except svc.CandidatureRefusee as exc:
        flash(str(exc), "erreur")
        return redirect(url_for("candidatures.detail", cid=cid))
    if refus:
        form.deliberation.errors = [refus]
        flash("Le reste du brouillon a été enregistré, mais pas le fichier : " + refus, "erreur")
        return _render(form, cand, campagne, 400)
    if action.startswith(ACTION_RETIRER):
        index = parse_entier_positif(action[len(ACTION_RETIRER) :])
        return redirect(url_for("candidatures.dossier", cid=cid, retrait=index) + "#patrimoine")
    if list_action:
        return redirect(url_for("candidatures.dossier", cid=cid) + "#patrimoine")
    if action == ACTION_GARDER:  # « Non, le garder »: saved, back to the entry
        flash("Rien n'a été retiré ; le brouillon est enregistré.", "succes")
        return redirect(url_for("candidatures.dossier", cid=cid) + "#patrimoine")
    if action != ACTION_DEPOSER:
        flash("Brouillon enregistré.", "succes")
        return redirect(url_for("candidatures.dossier", cid=cid))
    if not form.validate():
        flash("Brouillon enregistré. Corrigez les champs signalés avant de déposer.", "erreur")
        return _render(form, cand, campagne, 400)
    manques = svc.missing(cand)
    if manques:
        flash("Brouillon enregistré, mais le dossier est incomplet (voir la liste).", "erreur")
        return _render(form, cand, campagne, 400, manques)
    return redirect(url_for("candidatures.depot", cid=cid))
