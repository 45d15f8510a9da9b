"""Login (throttled), logout (here or on every device), accepting an invitation (the invitee
sets a password) and resetting a forgotten password by e-mail (independent of throttling)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask import session as flask_session
from flask_login import current_user, login_required, login_user, logout_user

from ...db import get_session
from ...forms.comptes import ConnexionForm
from ...services.comptes import connexions, sessions
from ...services.comptes.utilisateurs import authenticate, renew_session_token
from ...web.appareils import device_of, remember_device
from .blueprint import bp


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths: never redirect to another host. A backslash or a control
    character is refused too: browsers read « /\\host » as « //host », another site."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and target.isprintable()
    ):
        parts = urlsplit(target)
        if not parts.netloc and not parts.scheme:
            return target
    return url_for("accueil.index")  # the home page is each role's dashboard


@bp.route("/connexion", methods=["GET", "POST"])
def connexion():
    suivant = request.args.get("suivant")
    if current_user.is_authenticated:
        return redirect(_safe_next(suivant))
    form = ConnexionForm()
    if form.validate_on_submit():
        session, ip = get_session(), request.remote_addr or "inconnue"
        device = device_of(form.email.data)
        try:
            connexions.check_throttle(session, form.email.data, ip, current_app.config, device)
        except connexions.ConnexionRalentie as exc:
            flash(str(exc), "erreur")
            page = render_template("auth/connexion.html", form=form)
            return page, 429, {"Retry-After": str(exc.attente)}
        user = authenticate(session, form.email.data, form.mot_de_passe.data)
        if user is not None:
            connexions.record_success(session, user.email, ip, device)
            login_user(user.with_device(sessions.open_session(session, user, qui=user.email)))
            flash(f"Bienvenue, {user.nom}.", "succes")
            return remember_device(redirect(_safe_next(suivant)), user.email, device)
        connexions.record_failure(session, form.email.data, ip, device, config=current_app.config)
        flash("Adresse électronique ou mot de passe incorrect.", "erreur")
    return render_template("auth/connexion.html", form=form)


@bp.post("/deconnexion")
def deconnexion():
    """End this device's session on the server too (a copy of this cookie stops working);
    the account's other devices stay logged in (« Se déconnecter de tous les appareils »
    ends them all). The next page tells static/js/filet.js to forget this account's drafts
    kept in the browser (``fin_compte``)."""
    compte = None
    if current_user.is_authenticated:
        compte = f"u{current_user.id}"
        jeton = current_user.__dict__.get("_jeton_appareil", "")
        sessions.close_session(get_session(), current_user, jeton, qui=current_user.email)
    logout_user()
    if compte:
        flask_session["va_fin_compte"] = compte
    flash("Vous êtes déconnecté de cet appareil.", "info")
    return redirect(url_for("communes.liste"))


@bp.post("/deconnexion-partout")
@login_required
def deconnexion_partout():
    """Renew the account's session token: every device (and copied cookie) is logged out."""
    compte = f"u{current_user.id}"
    renew_session_token(get_session(), current_user.id, qui=current_user.email)
    logout_user()
    flask_session["va_fin_compte"] = compte
    flash("Vous êtes déconnecté de tous les appareils.", "info")
    return redirect(url_for("communes.liste"))
