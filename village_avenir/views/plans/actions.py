"""Editing one action of the current plan: details, horizon, removal, placement on the map.

Engineers and admins only. A refused placement re-renders the page with the French message
and every field as typed (nothing lost, nothing written).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from ...db import get_session
from ...domain.nombres import parse_decimal
from ...domain.placement import PlacementInvalide, from_geojson_text, from_lon_lat
from ...domain.roles import INGENIEUR
from ...forms.plans import ActionForm, HorizonForm, PlacementForm, SuppressionForm
from ...parametres import load_catalogue_actions
from ...services import plans as service
from ...web import auth
from ..refus import show_on
from .blueprint import bp
from .common import action_view, commune_or_404, page_context


def _current_action(code: str, cle: int):
    commune = commune_or_404(code)
    version = service.current_version(get_session(), code)
    row = next((a for a in service.actions_of(get_session(), version) if a.cle == cle), None)
    if row is None:
        abort(404, description=f"Action {cle} absente du plan actuel de {commune.nom}.")
    return commune, version, row


def _render(code, cle, status=200, a_confirmer=False, **forms):
    commune, version, row = _current_action(code, cle)
    v = str(version.numero)
    forms.setdefault("details", ActionForm(obj=row, version=v))
    forms.setdefault("horizon", HorizonForm(horizon=row.horizon, version=v))
    forms.setdefault("suppression", SuppressionForm(version=v))
    forms.setdefault("placement", PlacementForm(version=v))
    ctx = page_context(commune, version)
    ctx["items"] = [i for i in ctx["items"] if i["cle"] == cle]
    action = action_view(row, load_catalogue_actions())
    return render_template(
        "plans/action.html", action=action, forms=forms, a_confirmer=a_confirmer, **ctx
    ), status


@bp.get("/communes/<code>/plan/actions/<int:cle>")
@auth.role_required(INGENIEUR)
def action(code: str, cle: int):
    return _render(code, cle)


@bp.post("/communes/<code>/plan/actions/<int:cle>/modifier")
@auth.role_required(INGENIEUR)
def modifier(code: str, cle: int):
    _current_action(code, cle)
    form = ActionForm()
    if not form.validate_on_submit():
        return _render(code, cle, 400, details=form)
    try:
        service.update_action(
            get_session(),
            code,
            cle,
            budget=form.budget.data,
            porteur=form.porteur.data,
            statut=form.statut.data,
            qui=current_user.email,
            motif=form.motif.data or None,
            version_attendue=form.expected_version(),
        )
    except service.PlanInvalide as exc:
        return _render(code, cle, show_on(form, exc), details=form)
    flash("Action modifiée.", "succes")
    return redirect(url_for("plans.plan", code=code))


@bp.post("/communes/<code>/plan/actions/<int:cle>/horizon")
@auth.role_required(INGENIEUR)
def deplacer(code: str, cle: int):
    _current_action(code, cle)
    form = HorizonForm()
    if not form.validate_on_submit():
        abort(400, description="Horizon inconnu : l'action n'a pas été déplacée.")
    service.move_action(
        get_session(),
        code,
        cle,
        form.horizon.data,
        qui=current_user.email,
        version_attendue=form.expected_version(),
    )
    flash("Action déplacée.", "succes")
    return redirect(url_for("plans.plan", code=code))


@bp.post("/communes/<code>/plan/actions/<int:cle>/supprimer")
@auth.role_required(INGENIEUR)
def supprimer(code: str, cle: int):
    _current_action(code, cle)
    form = SuppressionForm()
    if not form.validate_on_submit():
        abort(400, description="Motif trop long : l'action n'a pas été supprimée.")
    if not form.confirmed():  # first step: ask, remove nothing
        form.confirmer.data = "oui"
        return _render(code, cle, suppression=form, a_confirmer=True)
    service.remove_action(
        get_session(),
        code,
        cle,
        qui=current_user.email,
        motif=form.motif.data or None,
        version_attendue=form.expected_version(),
    )
    flash("Action retirée du plan (elle reste visible dans les versions précédentes).", "succes")
    return redirect(url_for("plans.plan", code=code))


def _geometry(form: PlacementForm):
    """The geometry typed in the form (GeoJSON wins over coordinates), or None to remove."""
    if form.retirer.data:
        return None
    text = (form.geojson.data or "").strip()
    if text:
        return from_geojson_text(text)
    lon, lat = (form.longitude.data or "").strip(), (form.latitude.data or "").strip()
    if not lon or not lat:
        raise PlacementInvalide("Indiquez une longitude et une latitude, ou une zone en GeoJSON.")
    try:
        values = parse_decimal(lon), parse_decimal(lat)
    except ValueError as exc:
        raise PlacementInvalide(
            "Longitude et latitude doivent être des nombres décimaux (par exemple 1,2356)."
        ) from exc
    return from_lon_lat(*values)


@bp.post("/communes/<code>/plan/actions/<int:cle>/placer")
@auth.role_required(INGENIEUR)
def placer(code: str, cle: int):
    _current_action(code, cle)
    form = PlacementForm()
    if not form.validate_on_submit():
        return _render(code, cle, 400, placement=form)
    try:
        geom = _geometry(form)
        service.place_action(
            get_session(),
            code,
            cle,
            geom,
            qui=current_user.email,
            version_attendue=form.expected_version(),
        )
    except (PlacementInvalide, service.PlanInvalide) as exc:
        return _render(code, cle, show_on(form, exc), placement=form)
    flash("Action placée sur la carte." if geom else "Action retirée de la carte.", "succes")
    return redirect(url_for("plans.plan", code=code))
