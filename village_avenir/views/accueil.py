"""The home page (the programme for everyone, then a dashboard by role) and the pages every
footer links to: legal notice, accessibility statement, personal data."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from ..db import get_session
from ..domain.roles import COMMUNE
from ..parametres import load_regles
from ..services import accueil
from ..web.auth import is_departement

bp = Blueprint("accueil", __name__)


@bp.get("/")
def index():
    session = get_session()
    situation = departement = None
    if current_user.is_authenticated and current_user.role == COMMUNE and current_user.commune_code:
        situation = accueil.commune_view(session, load_regles(), current_user.commune_code)
    elif is_departement(current_user):
        departement = accueil.departement_view(session, load_regles())
    return render_template(
        "accueil/index.html",
        programme=accueil.programme(session, load_regles()),
        situation=situation,
        departement=departement,
        regles=load_regles(),
    )


@bp.get("/mentions-legales")
def mentions_legales():
    return render_template("accueil/mentions_legales.html")


@bp.get("/accessibilite")
def accessibilite():
    return render_template("accueil/accessibilite.html")


@bp.get("/donnees-personnelles")
def donnees_personnelles():
    return render_template("accueil/donnees_personnelles.html")
