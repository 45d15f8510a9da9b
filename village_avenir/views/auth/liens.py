"""Links sent by e-mail: accepting an invitation and resetting a forgotten password.

Each link leads to a short form step (« Continuer », a POST) that swaps the URL's token for
one kept in the browser's session (services/comptes/invitations.py, services/comptes/motdepasse.py): the
token a log may hold is then worthless. The reset path ignores the login throttling.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask import session as flask_session
from flask_login import logout_user

from ...db import get_session
from ...forms.comptes import ContinuerForm, MotDePasseForm, OubliForm
from ...services.comptes import invitations, motdepasse
from ...services.comptes.utilisateurs import CompteInvalide
from .blueprint import bp

SESSION_INVITATION, SESSION_REINIT = "invitation", "reinitialisation"


def _error(titre: str, message: str, code: int = 404):
    return render_template("erreur.html", code=code, titre=titre, message=message), code


def _link_step(titre: str, refus: type[Exception], check, spend, cle: str, suite: str):
    """The « Continuer » step of an e-mailed link. GET shows the button (a mail scanner that
    only fetches the link spends nothing); POST spends the link's token with ``spend`` and
    keeps the fresh one it returns in the browser's session under ``cle``, then goes on to
    ``suite``. ``check(session)`` raises ``refus`` for a dead link and returns the invitation
    shown on the page (None for a password reset)."""
    session = get_session()
    try:
        shown = check(session)
        if request.method == "POST":
            if not ContinuerForm().validate_on_submit():
                return _error(titre, "Le formulaire a expiré : rouvrez le lien.", 400)
            flask_session[cle] = spend(session)
            return redirect(url_for(suite))
    except refus as exc:
        return _error(titre, str(exc))
    return render_template("auth/continuer.html", form=ContinuerForm(), invitation=shown)


@bp.route("/invitation/<jeton>", methods=["GET", "POST"])
def invitation(jeton: str):
    """« Continuer » (POST) opens the invitation: the link's token is spent."""
    return _link_step(
        "Invitation",
        invitations.InvitationInvalide,
        lambda session: invitations.find_invitation(session, jeton),
        lambda session: invitations.open_invitation(session, jeton),
        SESSION_INVITATION,
        "auth.invitation_suite",
    )


@bp.route("/invitation", methods=["GET", "POST"])
def invitation_suite():
    """The invitee chooses a password (token from the browser's session)."""
    session, jeton = get_session(), flask_session.get(SESSION_INVITATION, "")
    try:
        invit = invitations.find_invitation(session, jeton)
    except invitations.InvitationInvalide:
        return _error("Invitation", "Ouvrez le lien d'invitation reçu par courriel.")
    form = MotDePasseForm()
    if form.validate_on_submit():
        try:
            invitations.accept_invitation(session, jeton, form.mot_de_passe.data)
        except (CompteInvalide, invitations.InvitationInvalide) as exc:
            form.mot_de_passe.errors = [str(exc)]
        else:
            flask_session.pop(SESSION_INVITATION, None)
            flash(
                "Votre compte est prêt : connectez-vous avec votre nouveau mot de passe.", "succes"
            )
            return redirect(url_for("auth.connexion"))
    return render_template("auth/invitation.html", form=form, invitation=invit)


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
def oubli():
    """Ask for a reset link. Same answer whether the address has an account or not."""
    form = OubliForm()
    if form.validate_on_submit():
        motdepasse.request_reset(
            get_session(),
            form.email.data,
            minutes=int(current_app.config["REINITIALISATION_MINUTES"]),
        )
        flash(
            "Si un compte existe pour cette adresse, un courriel vient de lui être envoyé avec "
            "un lien pour choisir un nouveau mot de passe (valable "
            f"{current_app.config['REINITIALISATION_MINUTES']} minutes).",
            "info",
        )
        return redirect(url_for("auth.connexion"))
    return render_template("auth/oubli.html", form=form)


@bp.route("/mot-de-passe/<jeton>", methods=["GET", "POST"])
def reinitialisation(jeton: str):
    """« Continuer » (POST) opens the reset link: its token is spent."""

    def check(session) -> None:
        motdepasse.check_link(session, jeton)  # raises LienInvalide; nothing to show

    return _link_step(
        "Mot de passe",
        motdepasse.LienInvalide,
        check,
        lambda session: motdepasse.open_reset(session, jeton),
        SESSION_REINIT,
        "auth.nouveau_mot_de_passe",
    )


@bp.route("/mot-de-passe/nouveau", methods=["GET", "POST"])
def nouveau_mot_de_passe():
    session, jeton = get_session(), flask_session.get(SESSION_REINIT, "")
    try:
        motdepasse.check_link(session, jeton)
    except motdepasse.LienInvalide:
        return _error(
            "Mot de passe", "Ouvrez le lien reçu par courriel, ou faites une nouvelle demande."
        )
    form = MotDePasseForm()
    if form.validate_on_submit():
        try:
            motdepasse.reset_password(session, jeton, form.mot_de_passe.data)
        except (CompteInvalide, motdepasse.LienInvalide) as exc:
            form.mot_de_passe.errors = [str(exc)]
        else:
            flask_session.pop(SESSION_REINIT, None)
            logout_user()
            flash("Mot de passe changé : connectez-vous avec le nouveau.", "succes")
            return redirect(url_for("auth.connexion"))
    return render_template("auth/nouveau_mot_de_passe.html", form=form)
