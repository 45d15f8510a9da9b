"""Three-year follow-up of the validated projet: statuses (set by an engineer, proposed by the
commune and decided by an engineer), yearly reviews and the timeline.

The commune's users and the Département see the page; a refused entry comes back as a message
on the page (nothing written)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from ...db import get_session
from ...domain.nombres import parse_entier_positif
from ...domain.projet import ProjetInvalide
from ...domain.roles import INGENIEUR
from ...formatting import local
from ...forms.plans_projet import DecisionStatutForm, RevueForm, StatutForm
from ...models import utcnow
from ...services.plans import suivi as service_suivi
from ...services.plans.validation import last_validated
from ...web import auth
from .blueprint import bp
from .common import can_edit, commune_or_404
from .projet_vue import projet_context


@bp.get("/communes/<code>/plan/suivi")
def suivi(code: str):
    commune = commune_or_404(code)
    session = get_session()
    version = last_validated(session, code)
    ctx = projet_context(commune, version) if version else {"fiches": []}
    today = local(utcnow()).date()
    formulaires = {}
    for item in ctx["fiches"]:
        cle = item["row"].cle
        entry = item["statut_entree"]
        form = StatutForm(
            prefix=f"s{cle}",
            attendu=str(service_suivi.last_entry_id(session, code, cle)),
            statut=entry.statut if entry else item["row"].statut,
            date_statut=today,
        )
        formulaires[cle] = form
    return render_template(
        "plans/suivi.html",
        commune=commune,
        version=version,
        formulaires=formulaires,
        propositions=service_suivi.pending(session, code),
        decision=DecisionStatutForm(),
        revues=service_suivi.list_revues(session, code),
        revue=RevueForm(annee=today.year),
        etapes=service_suivi.timeline(session, code),
        peut_modifier=can_edit(),
        libelles={f["row"].cle: f["row"].libelle for f in ctx["fiches"]},
        **ctx,
    )


def _back(code):
    return redirect(url_for("plans.suivi", code=code))


@bp.post("/communes/<code>/plan/suivi/<int:cle>")
def statut(code: str, cle: int):
    commune_or_404(code)
    form = StatutForm(prefix=f"s{cle}")
    if not form.validate_on_submit():
        errors = [e for errs in form.errors.values() for e in errs]
        flash("Statut non enregistré : " + " ".join(map(str, errors)), "erreur")
        return _back(code)
    par_commune = not auth.is_departement(current_user)
    try:
        service_suivi.set_statut(
            get_session(),
            code,
            cle,
            form.statut.data,
            form.date_statut.data,
            form.motif.data or "",
            qui=current_user.email,
            par_commune=par_commune,
            attendu=parse_entier_positif(form.attendu.data),
        )
    except ProjetInvalide as exc:
        flash(f"Statut non enregistré : {exc}", "erreur")
        return _back(code)
    flash(
        "Statut proposé au Département, qui le validera." if par_commune else "Statut enregistré.",
        "succes",
    )
    return _back(code)


@bp.post("/communes/<code>/plan/suivi/propositions/<int:entry_id>")
@auth.role_required(INGENIEUR)
def decision(code: str, entry_id: int):
    commune_or_404(code)
    form = DecisionStatutForm()
    if not form.validate_on_submit():
        abort(400, description="Décision invalide : rechargez la page.")
    try:
        service_suivi.decide_statut(
            get_session(),
            code,
            entry_id,
            form.decision.data == "accepter",
            form.reponse.data or "",
            qui=current_user.email,
        )
    except ProjetInvalide as exc:
        flash(f"Décision non enregistrée : {exc}", "erreur")
        return _back(code)
    flash("Décision enregistrée ; la commune est prévenue par courriel.", "succes")
    return _back(code)


@bp.post("/communes/<code>/plan/revues")
@auth.role_required(INGENIEUR)
def revue(code: str):
    commune_or_404(code)
    form = RevueForm()
    if not form.validate_on_submit():
        errors = [e for errs in form.errors.values() for e in errs]
        flash("Revue non enregistrée : " + " ".join(map(str, errors)), "erreur")
        return _back(code)
    try:
        service_suivi.record_revue(
            get_session(), code, form.annee.data, form.bilan.data, qui=current_user.email
        )
    except ProjetInvalide as exc:
        flash(f"Revue non enregistrée : {exc}", "erreur")
        return _back(code)
    flash("Revue annuelle enregistrée.", "succes")
    return _back(code)
