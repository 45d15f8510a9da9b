"""Login and logout."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from ..db import get_session
from ..forms import ConnexionForm
from ..services.comptes import authenticate

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths: never redirect to another host."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.netloc and not parts.scheme:
            return target
    return url_for("communes.liste")


@bp.route("/connexion", methods=["GET", "POST"])
def connexion():
    suivant = request.args.get("suivant")
    if current_user.is_authenticated:
        return redirect(_safe_next(suivant))
    form = ConnexionForm()
    if form.validate_on_submit():
        user = authenticate(get_session(), form.email.data, form.mot_de_passe.data)
        if user is not None:
            login_user(user)
            flash(f"Bienvenue, {user.nom}.", "succes")
            return redirect(_safe_next(suivant))
        flash("Adresse électronique ou mot de passe incorrect.", "erreur")
    return render_template("auth/connexion.html", form=form)


@bp.post("/deconnexion")
def deconnexion():
    logout_user()
    flash("Vous êtes déconnecté.", "info")
    return redirect(url_for("communes.liste"))
