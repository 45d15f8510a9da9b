"""Inventory pages: the list with its map, create, edit (version conflicts shown), delete
with confirmation, validate or refuse a commune's declaration.

Permissions: Département staff see and edit every commune's inventory; a commune's accounts
see their own commune's inventory and declare items (waiting for validation); the public sees
none of it (403 or the login page). The service checks again (``PatrimoineInterdit``).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...db import get_session
from ...domain.nombres import format_decimal
from ...domain.placement import PlacementInvalide
from ...domain.roles import INGENIEUR
from ...forms.patrimoine import DecisionForm, ElementForm, SuppressionForm
from ...maps.patrimoine import legend
from ...parametres import load_parametres_patrimoine
from ...services import patrimoine as service
from ...web import auth
from ..refus import act, show_on
from ..sections import Section, sheet_section
from .blueprint import bp
from .common import can_edit, commune_or_404, element_view, inventory_map, photos_of

REFUS = (
    service.PatrimoineInvalide,
    service.PatrimoineInterdit,
    PlacementInvalide,
    service.ElementIntrouvable,
)


@sheet_section(25)
def patrimoine_section(session, assessment):
    """The sheet lists the items (with photo thumbnails) to those who may see them."""
    code = assessment.commune.code_insee
    if not auth.can_access_commune(current_user, code):
        return None
    rows = service.list_elements(session, code, statuts=None)
    photos = photos_of(session, [r.id for r in rows])
    items = [element_view(r, photos.get(r.id, ())) for r in rows]
    return Section("patrimoine/_section.html", {"code": code, "elements": items})


@bp.get("/communes/<code>/patrimoine")
def liste(code: str):
    commune = commune_or_404(code)
    session = get_session()
    rows = service.list_elements(session, code, statuts=None)
    photos = photos_of(session, [r.id for r in rows])
    items = [element_view(r, photos.get(r.id, ())) for r in rows]
    valides = [i for i in items if i["row"].statut == "valide"]
    return render_template(
        "patrimoine/liste.html",
        commune=commune,
        items=items,
        carte=inventory_map(commune, valides),
        legende=legend(),
        peut_modifier=can_edit(),
        decision=DecisionForm(),
        maximum=load_parametres_patrimoine().elements_max,
    )


@bp.route("/communes/<code>/patrimoine/nouveau", methods=["GET", "POST"])
def nouveau(code: str):
    commune = commune_or_404(code)
    form = ElementForm()
    status = 200
    if form.validate_on_submit():
        try:
            row = service.create_element(get_session(), code, form.values(), current_user)
        except REFUS as exc:
            status = show_on(form, exc)
        else:
            flash(
                f"« {row.nom} » ajouté à l'inventaire."
                if row.statut == "valide"
                else f"« {row.nom} » déclaré : il attend la validation du Département.",
                "succes",
            )
            return redirect(url_for("patrimoine.liste", code=code))
    elif request.method == "POST":
        status = 400
    return render_template(
        "patrimoine/element.html",
        commune=commune,
        form=form,
        element=None,
        conflit=None,
        carte=inventory_map(commune, []),
    ), status


@bp.route("/communes/<code>/patrimoine/<int:element_id>", methods=["GET", "POST"])
def element(code: str, element_id: int):
    commune = commune_or_404(code)
    session = get_session()
    row = service.get_element(session, element_id, code)
    form = ElementForm(obj=None if request.method == "POST" else _Stored(row))
    status, conflit = 200, None
    if form.validate_on_submit():
        try:
            service.update_element(
                session, element_id, form.values(), current_user, form.expected_version()
            )
        except service.PatrimoineConflit as exc:
            status, conflit = (
                show_on(form, exc),
                element_view(service.get_element(session, element_id, code)),
            )
            form.version.data = str(conflit["row"].version)
        except REFUS as exc:
            status = show_on(form, exc)
        else:
            flash(f"« {row.nom} » enregistré.", "succes")
            return redirect(url_for("patrimoine.liste", code=code))
    elif request.method == "POST":
        status = 400
    return render_template(
        "patrimoine/element.html",
        commune=commune,
        form=form,
        element=element_view(row),
        conflit=conflit,
        suppression=SuppressionForm() if can_edit() else None,
        carte=inventory_map(commune, [element_view(row)]),
        lecture_seule=not can_edit() and row.statut != "propose",
    ), status


class _Stored:
    """An item's stored values as the form shows them (French decimals, JJ/MM/AAAA)."""

    def __init__(self, row):
        for name in ElementForm.FIELDS:
            setattr(self, name, getattr(row, name))
        self.date_etat = row.date_etat.strftime("%d/%m/%Y") if row.date_etat else ""
        for name in ("longitude", "latitude"):
            value = getattr(row, name)
            setattr(self, name, format_decimal(value, 6) if value is not None else "")
        for name in ("cout_min", "cout_max"):
            value = getattr(row, name)
            setattr(self, name, str(value) if value is not None else "")
        self.version = str(row.version)


@bp.post("/communes/<code>/patrimoine/<int:element_id>/supprimer")
@auth.role_required(INGENIEUR)
def supprimer(code: str, element_id: int):
    commune = commune_or_404(code)
    session = get_session()
    row = service.get_element(session, element_id, code)
    form = SuppressionForm()
    if not form.validate_on_submit():
        flash("Formulaire de suppression invalide : rechargez la page.", "erreur")
        return redirect(url_for("patrimoine.element", code=code, element_id=element_id))
    if form.confirme.data != "oui":  # first step: ask, at the place of the form
        return render_template(
            "patrimoine/element.html",
            commune=commune,
            form=ElementForm(obj=_Stored(row)),
            element=element_view(row),
            conflit=None,
            suppression=form,
            a_confirmer=True,
            carte=inventory_map(commune, [element_view(row)]),
        )
    nom = row.nom
    return act(
        lambda: service.delete_element(session, element_id, current_user, form.motif.data or ""),
        refus=REFUS,
        succes=f"« {nom} » supprimé de l'inventaire.",
        suite=url_for("patrimoine.liste", code=code),
    )


def _decide(code: str, element_id: int, valide: bool):
    commune_or_404(code)
    session = get_session()
    service.get_element(session, element_id, code)
    form = DecisionForm()
    suite = url_for("patrimoine.liste", code=code)
    if not form.validate_on_submit():
        flash("Formulaire invalide : rechargez la page.", "erreur")
        return redirect(suite)
    return act(
        lambda: service.decide_element(
            session, element_id, current_user, valide, form.motif.data or ""
        ),
        refus=REFUS,
        suite=suite,
        succes=lambda r: (
            f"« {r.nom} » {'validé' if valide else 'refusé'} ; la commune est prévenue par courriel."
        ),
    )


@bp.post("/communes/<code>/patrimoine/<int:element_id>/valider")
@auth.role_required(INGENIEUR)
def valider(code: str, element_id: int):
    return _decide(code, element_id, True)


@bp.post("/communes/<code>/patrimoine/<int:element_id>/refuser")
@auth.role_required(INGENIEUR)
def refuser(code: str, element_id: int):
    return _decide(code, element_id, False)
