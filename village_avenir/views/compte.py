"""« Mon compte » (/compte): change one's password, see the recent logins of the account and
log out everywhere. The session token is per account (see services/comptes/utilisateurs.py): every
device shares it, so « active sessions » are shown as the account's recent logins, and
ending them is « Se déconnecter de tous les appareils »."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required, logout_user
from sqlmodel import select

from ..db import get_session
from ..forms.comptes import ChangementMotDePasseForm
from ..models import Journal
from ..services.comptes.hachage import check_password_hash
from ..services.comptes.utilisateurs import CompteInvalide, change_password
from .refus import show_on

bp = Blueprint("compte", __name__, url_prefix="/compte")


def _page(form=None, status=200):
    connexions = (
        get_session()
        .exec(
            select(Journal)
            .where(
                Journal.objet == "utilisateur",
                Journal.objet_id == str(current_user.id),
                Journal.action.in_(
                    ["compte:connexion", "compte:renouvellement_session", "compte:mot_de_passe"]
                ),
            )
            .order_by(Journal.id.desc())
            .limit(15)
        )
        .all()
    )
    return render_template(
        "compte/index.html",
        form=form or ChangementMotDePasseForm(formdata=None),
        connexions=connexions,
    ), status


@bp.get("")
@login_required
def index():
    return _page()


@bp.post("/mot-de-passe")
@login_required
def mot_de_passe():
    form = ChangementMotDePasseForm()
    if not form.validate():
        return _page(form, 400)
    if not check_password_hash(current_user.mot_de_passe_hash, form.actuel.data or ""):
        form.actuel.errors = ["Mot de passe actuel incorrect."]
        return _page(form, 400)
    try:
        change_password(
            get_session(), current_user.id, form.mot_de_passe.data, qui=current_user.email
        )
    except CompteInvalide as exc:
        return _page(form, show_on(form.mot_de_passe, exc))
    logout_user()  # the session token changed: every device, this one too
    flash(
        "Mot de passe changé : connectez-vous avec le nouveau. Vos autres appareils sont "
        "déconnectés.",
        "succes",
    )
    return redirect(url_for("auth.connexion"))
