"""The application form (commune side): one page, one route per button.

``GET /<cid>/dossier`` shows the form. Each button posts the same form to its own route (the
template's ``formaction=``, no JavaScript): ``enregistrer`` (also the form's own action, so Enter
and the conflict panel save), ``ajouter`` and ``retirer/<n>`` (an entry of the heritage list;
a removal is confirmed first: ``retirer/<n>`` saves and asks, ``retirer/<n>/confirmer``
removes, ``garder`` keeps it), ``deposer`` (validates strictly and leads to the summary page,
``views/candidatures/depot.py``, where the deposit is confirmed).

Every button first saves the draft exactly as typed (:func:`_save`): a conflict with another
save shows both versions side by side (409), a refused text or file shows the form again.
Pressing Enter in a field submits the form with its first submit button: the template puts a
hidden « Enregistrer le brouillon » first, so Enter only ever saves.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ...db import get_session
from ...domain import workflow as wf
from ...domain.conflits import ChoixManquant, Conflit, apply_choices, conflicting_fields
from ...domain.nombres import parse_entier_positif
from ...forms.candidature import MAX_PATRIMOINE, candidature_form, form_content
from ...forms.conflits import choix_conflit
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
    champs, choix = choix_conflit(labels)
    if not champs:
        return contenu
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


def _to_form(cid: int, anchor: str = "", **args):
    return redirect(url_for("candidatures.dossier", cid=cid, **args) + anchor)


def _save(cid: int, edit: Callable[[list], None] | None = None):
    """Save the draft as typed, after ``edit`` (a change of the heritage list) if given.

    Returns ``(form, cand, campagne, None)`` once saved, or ``(…, answer)`` when the page must
    answer otherwise: the form again (a missing conflict choice or a conflict with another
    save, 409; a text too long or a refused file, 400) or the application's page (no longer
    editable). Only the commune's own users get here (``require_commune_role``)."""
    cand, campagne = load_candidature(cid)
    require_commune_role()
    session = get_session()
    form = candidature_form(load_parametres_candidature())
    contenu = form_content(form)

    def refused(message: str, status: int | None = None, conflit: bool = False):
        """The answer to a refused save: the message flashed, then the form again (with the
        two versions side by side on a conflict) or, without ``status``, the application."""
        flash(message, "erreur")
        if status is None:
            return form, cand, campagne, redirect(url_for("candidatures.detail", cid=cid))
        conflits = _conflicts(form, cand, contenu) if conflit else None
        return form, cand, campagne, _render(form, cand, campagne, status, conflits=conflits)

    try:
        contenu = _resolve(form, cand, contenu)
    except ChoixManquant as exc:
        return refused(str(exc), 409, conflit=True)
    if edit is not None:
        edit(contenu.setdefault("patrimoine", []))
    upload = form.deliberation.data
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
        return refused(str(exc), 409, conflit=True)
    except svc.TexteTropLong as exc:
        return refused(str(exc), 400)
    except svc.CandidatureRefusee as exc:
        return refused(str(exc))
    if refus:
        form.deliberation.errors = [refus]
        return refused(
            "Le reste du brouillon a été enregistré, mais pas le fichier : " + refus, 400
        )
    return form, cand, campagne, None


@bp.get("/<int:cid>/dossier")
@login_required
def dossier(cid: int):
    cand, campagne = load_candidature(cid)
    require_commune_role()
    if cand.etat not in wf.EDITABLE_BY_COMMUNE:
        flash(f"La candidature est « {wf.label(cand.etat)} » : elle n'est plus modifiable.")
        return redirect(url_for("candidatures.detail", cid=cid))
    retrait = parse_entier_positif(request.args.get("retrait"))
    form = candidature_form(load_parametres_candidature(), data=svc.contenu_of(cand))
    return _render(form, cand, campagne, retrait=retrait)


@bp.post("/<int:cid>/dossier/enregistrer")
@login_required
def dossier_enregistrer(cid: int):
    *_, answer = _save(cid)
    if answer is not None:
        return answer
    flash("Brouillon enregistré.", "succes")
    return _to_form(cid)


@bp.post("/<int:cid>/dossier/ajouter")
@login_required
def dossier_ajouter(cid: int):
    def add(items: list) -> None:
        if len(items) >= MAX_PATRIMOINE:
            flash(
                f"Le dossier compte déjà {MAX_PATRIMOINE} bâtiments ou sites, le maximum : "
                "regroupez-en ou retirez-en un avant d'en ajouter.",
                "erreur",
            )
        else:
            items.append(dict(EMPTY_ITEM))

    *_, answer = _save(cid, add)
    return answer if answer is not None else _to_form(cid, "#patrimoine")


@bp.post("/<int:cid>/dossier/retirer/<int:index>")
@login_required
def dossier_retirer(cid: int, index: int):
    """« Retirer… » only saves and asks for confirmation (the page shows it at ``retrait``)."""
    *_, answer = _save(cid)
    return answer if answer is not None else _to_form(cid, "#patrimoine", retrait=index)


@bp.post("/<int:cid>/dossier/retirer/<int:index>/confirmer")
@login_required
def dossier_confirmer_retrait(cid: int, index: int):
    def remove(items: list) -> None:
        if index < len(items):
            removed = items.pop(index)
            nom = (removed.get("nom") or "").strip() if isinstance(removed, dict) else ""
            flash(
                f"Bâtiment ou site n° {index + 1}{f' « {nom} »' if nom else ''} retiré du dossier.",
                "info",
            )

    *_, answer = _save(cid, remove)
    return answer if answer is not None else _to_form(cid, "#patrimoine")


@bp.post("/<int:cid>/dossier/garder")
@login_required
def dossier_garder(cid: int):
    """« Non, le garder »: what was typed is saved, nothing is removed, back to the entry."""
    *_, answer = _save(cid)
    if answer is not None:
        return answer
    flash("Rien n'a été retiré ; le brouillon est enregistré.", "succes")
    return _to_form(cid, "#patrimoine")


@bp.post("/<int:cid>/dossier/deposer")
@login_required
def dossier_deposer(cid: int):
    """Save, then check strictly: the form again with what is wrong or missing, else the
    summary page where the deposit is confirmed."""
    form, cand, campagne, answer = _save(cid)
    if answer is not None:
        return answer
    if not form.validate():
        flash("Brouillon enregistré. Corrigez les champs signalés avant de déposer.", "erreur")
        return _render(form, cand, campagne, 400)
    manques = svc.missing(cand)
    if manques:
        flash("Brouillon enregistré, mais le dossier est incomplet (voir la liste).", "erreur")
        return _render(form, cand, campagne, 400, manques)
    return redirect(url_for("candidatures.depot", cid=cid))
