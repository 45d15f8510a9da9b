"""Administration of the calls for applications: edit (name, dates) and close now."""

from __future__ import annotations

from flask import abort, render_template, url_for
from flask_login import current_user

from ...db import get_session
from ...domain.roles import ADMIN
from ...forms.admin import CampagneModificationForm
from ...models import Campagne
from ...services import campagnes
from ...web.auth import role_required
from ..refus import act
from .blueprint import bp


def campaign_fields(form) -> dict:
    """The name and dates typed in a campaign form (creation or edit), as the service takes
    them."""
    return {"nom": form.nom.data, "ouverture": form.ouverture.data, "cloture": form.cloture.data}


def _load(ident: int) -> Campagne:
    campagne = get_session().get(Campagne, ident)
    if campagne is None:
        abort(404, description="Cet appel à candidatures n'existe pas.")
    return campagne


@bp.route("/campagnes/<int:ident>", methods=["GET", "POST"])
@role_required(ADMIN)
def modifier_campagne(ident: int):
    campagne = _load(ident)
    form = CampagneModificationForm(obj=campagne)

    def page(status=200):
        return render_template("admin/campagne.html", form=form, campagne=campagne), status

    if not form.is_submitted():
        return page()
    if not form.validate():
        return page(400)
    return act(
        lambda: campagnes.update_campaign(
            get_session(), ident, **campaign_fields(form), qui=current_user.email
        ),
        refus=campagnes.CampagneInvalide,
        succes="Appel à candidatures modifié.",
        suite=url_for("admin.index"),
        page=page,
    )


@bp.post("/campagnes/<int:ident>/clore")
@role_required(ADMIN)
def clore_campagne(ident: int):
    _load(ident)
    return act(
        lambda: campagnes.close_campaign(get_session(), ident, qui=current_user.email),
        refus=campagnes.CampagneInvalide,
        succes=lambda campagne: f"« {campagne.nom} » est clos : plus aucun dépôt n'est possible.",
        suite=url_for("admin.index"),
    )
