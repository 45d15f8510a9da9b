"""Administration: accounts (invitations of commune users, engineers and administrators;
revocation; activation; unlocking) and calls for applications (``campagnes``), the
outbox (``courriels``). Administrators only.
"""

from __future__ import annotations

from flask import current_app, flash, render_template, url_for
from flask_login import current_user
from sqlmodel import select
from wtforms.fields.choices import SelectChoice

from ...db import get_session
from ...domain.roles import ADMIN, ROLES
from ...forms.admin import ActivationForm, CampagneForm, InvitationForm
from ...models import Invitation, Utilisateur
from ...parametres import load_reglement
from ...services import campagnes
from ...services.comptes import invitations
from ...services.comptes import utilisateurs as comptes
from ...web.auth import role_required
from ..refus import act, status_of
from .blueprint import bp
from .campagnes import campaign_fields


def _version_label(r) -> str:
    listes = ", ".join(f"{x.dispositif.upper()} {x.libelle}" for x in r.listes.values())
    au = f"au {r.date_appreciation.strftime('%d/%m/%Y')}" if r.date_appreciation else "au jour"
    return f"Version {r.version} ({au} ; listes : {listes or 'aucune liste datée'})"


def _campagne_form(**kwargs) -> CampagneForm:
    form = CampagneForm(**kwargs)
    form.regles_version.choices = [
        SelectChoice(r.version, _version_label(r))
        for r in sorted(load_reglement().versions, key=lambda r: r.version)
    ]
    if not form.is_submitted():  # a new call follows the rules in force (issue 23 n° 6)
        form.regles_version.data = load_reglement().current.version
    return form


def _page(invitation_form=None, campagne_form=None, lien=None, status=200):
    session = get_session()
    return render_template(
        "admin/index.html",
        utilisateurs=session.exec(select(Utilisateur).order_by(Utilisateur.email)).all(),
        invitations=session.exec(select(Invitation).order_by(Invitation.id.desc())).all(),
        campagnes=campagnes.list_campaigns(session),
        roles=ROLES,
        invitation_form=invitation_form or InvitationForm(formdata=None),
        campagne_form=campagne_form or _campagne_form(formdata=None),
        lien=lien,
    ), status


@bp.get("")
@role_required(ADMIN)
def index():
    return _page()


@bp.post("/invitations")
@role_required(ADMIN)
def inviter():
    form = InvitationForm()
    if not form.validate():
        return _page(invitation_form=form, status=400)
    try:
        token = invitations.invite(
            get_session(),
            email=form.email.data,
            nom=form.nom.data,
            role=form.role.data,
            commune_code=(form.commune.data or "").strip() or None,
            qui=current_user.email,
        )
    except comptes.CompteInvalide as exc:
        flash(str(exc), "erreur")
        return _page(invitation_form=form, status=status_of(exc))
    lien = current_app.extensions["liens"].invitation(token)  # the address of the e-mail
    flash(
        "Invitation créée et placée dans la boîte d'envoi des courriels. Sans serveur de "
        "messagerie, copiez le lien ci-dessous et transmettez-le à la personne.",
        "succes",
    )
    return _page(lien=lien)


@bp.post("/campagnes")
@role_required(ADMIN)
def campagne():
    form = _campagne_form()
    if not form.validate():
        return _page(campagne_form=form, status=400)
    return act(
        lambda: campagnes.create_campaign(
            get_session(),
            **campaign_fields(form),
            regles_version=form.regles_version.data,
            qui=current_user.email,
        ),
        refus=campagnes.CampagneInvalide,
        succes="Appel à candidatures créé.",
        suite=url_for("admin.index"),
        page=lambda status: _page(campagne_form=form, status=status),
    )


@bp.post("/utilisateurs/<int:uid>/actif")
@role_required(ADMIN)
def basculer_actif(uid: int):
    form = ActivationForm()
    form.validate_on_submit()  # no rule of its own: any value but « 1 » deactivates
    return act(
        lambda: comptes.set_active(get_session(), uid, form.voulu(), qui=current_user.email),
        refus=comptes.CompteInvalide,
        succes=lambda user: f"Compte {user.email} {'réactivé' if user.actif else 'désactivé'}.",
        suite=url_for("admin.index"),
    )


@bp.post("/utilisateurs/<int:uid>/deverrouiller")
@role_required(ADMIN)
def deverrouiller(uid: int):
    return act(
        lambda: comptes.unlock_account(get_session(), uid, qui=current_user.email),
        refus=comptes.CompteInvalide,
        succes=lambda user: f"Connexions de {user.email} rétablies (échecs récents oubliés).",
        suite=url_for("admin.index"),
    )


@bp.post("/invitations/<int:ident>/revoquer")
@role_required(ADMIN)
def revoquer(ident: int):
    return act(
        lambda: invitations.revoke_invitation(get_session(), ident, qui=current_user.email),
        refus=invitations.InvitationInvalide,
        succes=lambda invit: f"Invitation de {invit.email} annulée : son lien ne fonctionne plus.",
        suite=url_for("admin.index"),
    )
