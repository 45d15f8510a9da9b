"""Administration: accounts (invitations of commune users, engineers and administrators;
revocation; activation; unlocking) and calls for applications (``campagnes``), the
outbox (``courriels``). Administrators only.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from ...auth import role_required
from ...db import get_session
from ...domain.roles import ADMIN, ROLES
from ...forms.admin import CampagneForm, InvitationForm
from ...models import Invitation, Utilisateur
from ...services import campagnes, comptes, invitations
from ..common import reglement
from .blueprint import bp


def _version_label(r) -> str:
    listes = ", ".join(f"{x.dispositif.upper()} {x.libelle}" for x in r.listes.values())
    au = f"au {r.date_appreciation.strftime('%d/%m/%Y')}" if r.date_appreciation else "au jour"
    return f"Version {r.version} ({au} ; listes : {listes or 'aucune liste datée'})"


def _campagne_form(**kwargs) -> CampagneForm:
    form = CampagneForm(**kwargs)
    form.regles_version.choices = [
        (r.version, _version_label(r))
        for r in sorted(reglement().versions, key=lambda r: r.version)
    ]
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
        return _page(invitation_form=form, status=400)
    lien = url_for("auth.invitation", jeton=token, _external=True)
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
    try:
        campagnes.create_campaign(
            get_session(),
            nom=form.nom.data,
            ouverture=form.ouverture.data,
            cloture=form.cloture.data,
            regles_version=form.regles_version.data,
            qui=current_user.email,
        )
    except campagnes.CampagneInvalide as exc:
        flash(str(exc), "erreur")
        return _page(campagne_form=form, status=400)
    flash("Appel à candidatures créé.", "succes")
    return redirect(url_for("admin.index"))


@bp.post("/utilisateurs/<int:uid>/actif")
@role_required(ADMIN)
def basculer_actif(uid: int):
    try:
        user = comptes.set_active(
            get_session(), uid, request.form.get("actif") == "1", qui=current_user.email
        )
    except comptes.CompteInvalide as exc:
        flash(str(exc), "erreur")
        return redirect(url_for("admin.index"))
    flash(f"Compte {user.email} {'réactivé' if user.actif else 'désactivé'}.", "succes")
    return redirect(url_for("admin.index"))


@bp.post("/utilisateurs/<int:uid>/deverrouiller")
@role_required(ADMIN)
def deverrouiller(uid: int):
    try:
        user = comptes.unlock_account(get_session(), uid, qui=current_user.email)
    except comptes.CompteInvalide as exc:
        flash(str(exc), "erreur")
    else:
        flash(f"Connexions de {user.email} rétablies (échecs récents oubliés).", "succes")
    return redirect(url_for("admin.index"))


@bp.post("/invitations/<int:ident>/revoquer")
@role_required(ADMIN)
def revoquer(ident: int):
    try:
        invit = invitations.revoke_invitation(get_session(), ident, qui=current_user.email)
    except invitations.InvitationInvalide as exc:
        flash(str(exc), "erreur")
    else:
        flash(f"Invitation de {invit.email} annulée : son lien ne fonctionne plus.", "succes")
    return redirect(url_for("admin.index"))
