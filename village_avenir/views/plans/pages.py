"""Strategic plan pages: the plan (map, table, summary), old versions, proposal, additions.

Permissions: a plan is private. Engineers and admins see and edit every plan; a commune user
sees (read-only) their own commune's plan; the public sees none (not even on the sheet).
"""

from __future__ import annotations

import json

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...db import get_session
from ...domain.planning import BesoinsInvalides, Need
from ...domain.roles import INGENIEUR
from ...forms.plans import AjoutForm, action_choices, besoins_form
from ...parametres import load_catalogue_actions
from ...services import plans as service
from ...services.plans import suivi as service_suivi
from ...services.plans.besoins import diagnosis_needs
from ...web import auth
from ..refus import show_on
from ..sections import Section, sheet_section
from .blueprint import bp
from .common import commune_or_404, page_context, summary
from .projet_vue import plan_page_extras


@sheet_section(20)
def plan_section(session, assessment):
    code = assessment.commune.code_insee
    if not auth.can_access_commune(current_user, code):
        return None
    version = service.current_version(session, code)
    items = service.actions_of(session, version)
    texte = summary(
        assessment.commune,
        version,
        [{"horizon": a.horizon, "geometry": a.geometry, "row": a} for a in items],
    )
    etapes = service_suivi.timeline(session, code) if version else []
    return Section(
        "plans/_section.html", {"code": code, "resume": texte, "version": version, "etapes": etapes}
    )


@bp.get("/communes/<code>/plan")
def plan(code: str):
    commune = commune_or_404(code)
    version = service.current_version(get_session(), code)
    ajout = AjoutForm(version=str(version.numero) if version else "0")
    ajout.action_id.choices = action_choices(load_catalogue_actions())
    return render_template(
        "plans/plan.html",
        ajout=ajout,
        ancienne=False,
        **page_context(commune, version),
        **plan_page_extras(commune, version),
    )


@bp.get("/communes/<code>/plan/versions/<int:numero>")
def version(code: str, numero: int):
    commune = commune_or_404(code)
    found = service.get_version(get_session(), code, numero)
    if found is None:
        abort(404, description=f"Version {numero} du plan de {commune.nom} introuvable.")
    current = service.current_version(get_session(), code)
    return render_template(
        "plans/plan.html",
        ajout=None,
        ancienne=found.id != current.id,
        **page_context(commune, found),
        **plan_page_extras(commune, found),
    )


@bp.route("/communes/<code>/plan/proposer", methods=["GET", "POST"])
@auth.role_required(INGENIEUR)
def proposer(code: str):
    commune = commune_or_404(code)
    session = get_session()
    cat = load_catalogue_actions()
    current = service.current_version(session, code)
    form = besoins_form(cat)  # Flask-WTF reads the posted data itself on a POST
    depuis_diagnostic = None
    if request.method == "GET":
        form.version.data = str(current.numero) if current else "0"
        if current is None or request.args.get("depuis") == "diagnostic":
            needs, depuis_diagnostic = diagnosis_needs(session, code, cat)
        else:  # the last proposal's values
            needs = [Need(**n) for n in json.loads(current.besoins) if n["besoin"] in cat.besoins]
        for need in needs:
            getattr(form, f"b_{need.besoin}").data = need.intensite
            form.source.data = depuis_diagnostic or need.source
    status = 200
    if form.validate_on_submit():
        needs = [
            Need(cat.besoins[c].domaine, c, getattr(form, f"b_{c}").data, form.source.data)
            for c in form.codes
            if getattr(form, f"b_{c}").data is not None
        ]
        try:
            service.propose(
                session,
                code,
                needs,
                cat,
                qui=current_user.email,
                remplacer=form.remplacer.data,
                version_attendue=form.expected_version(),
            )
        except (service.PlanInvalide, BesoinsInvalides) as exc:
            status = show_on(form, exc)
        else:
            flash("Plan proposé à partir des besoins saisis.", "succes")
            return redirect(url_for("plans.plan", code=code))
    elif request.method == "POST":
        status = 400
    return render_template(
        "plans/proposer.html",
        form=form,
        commune=commune,
        catalogue=cat,
        actuel=current,
        depuis_diagnostic=depuis_diagnostic,
    ), status


@bp.post("/communes/<code>/plan/actions")
@auth.role_required(INGENIEUR)
def ajouter(code: str):
    commune_or_404(code)
    form = AjoutForm()
    form.action_id.choices = action_choices(load_catalogue_actions())
    if not form.validate_on_submit():
        abort(400, description="Action inconnue ou horizon invalide : rien n'a été ajouté.")
    service.add_action(
        get_session(),
        code,
        form.action_id.data,
        load_catalogue_actions(),
        qui=current_user.email,
        horizon=form.horizon.data or None,
        version_attendue=form.expected_version(),
    )
    flash("Action ajoutée au plan.", "succes")
    return redirect(url_for("plans.plan", code=code))
