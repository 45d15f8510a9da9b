"""The outbox for administrators: every message with its state (sent, waiting, failed and
why), its full text, and « Renvoyer ». Password-reset links are masked here: they are the
recipient's alone (an administrator who could read them could enter any account)."""

from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from ...db import get_session
from ...domain.nombres import parse_entier_positif
from ...domain.roles import ADMIN
from ...models import Courriel
from ...models.courriels import ECHEC, EN_ATTENTE, ENVOYE
from ...services.courriels import envoi
from ...web.auth import role_required
from .blueprint import bp

STATUTS = {EN_ATTENTE: "En attente", ENVOYE: "Envoyé", ECHEC: "Échec"}
GENRES = {
    "invitation": "Invitation",
    "depot": "Accusé de réception",
    "complement_demande": "Complément demandé",
    "complement_recu": "Complément reçu",
    "decision": "Décision",
    "mot_de_passe": "Nouveau mot de passe",
    "compte_verrouille": "Connexions suspendues",
    "patrimoine_visite": "Visite du patrimoine",
    "projet_valide": "Projet stratégique validé",
    "deliberation_plan": "Délibération sur le projet stratégique",
    "statut_plan": "Suivi d'une action du plan",
}
SECRETS = {"mot_de_passe"}
_LIEN = re.compile(r"https?://\S+")


def masked(courriel: Courriel) -> str:
    if courriel.genre in SECRETS:
        return _LIEN.sub("[lien réservé au destinataire]", courriel.texte)
    return courriel.texte


PAGE = 100  # messages a page; « Messages plus anciens » goes on from the last one


@bp.get("/courriels")
@role_required(ADMIN)
def courriels():
    statut = request.args.get("statut", "")
    statut = statut if statut in STATUTS else ""
    avant = parse_entier_positif(request.args.get("avant", ""))
    stmt = select(Courriel).order_by(Courriel.id.desc()).limit(PAGE + 1)
    if statut:
        stmt = stmt.where(Courriel.statut == statut)
    if avant is not None:
        stmt = stmt.where(Courriel.id < avant)
    rows = get_session().exec(stmt).all()
    return render_template(
        "admin/courriels.html",
        courriels=rows[:PAGE],
        suite=rows[PAGE - 1].id if len(rows) > PAGE else None,
        statut=statut,
        statuts=STATUTS,
        genres=GENRES,
        smtp=bool(envoi_configure()),
        page=PAGE,
    )


def envoi_configure() -> bool:
    from flask import current_app

    try:
        return envoi.smtp_config(current_app.config) is not None
    except ValueError:
        return False


@bp.get("/courriels/<int:ident>")
@role_required(ADMIN)
def courriel(ident: int):
    row = get_session().get(Courriel, ident)
    if row is None:
        abort(404, description="Ce message n'existe pas.")
    return render_template(
        "admin/courriel.html", c=row, texte=masked(row), statuts=STATUTS, genres=GENRES
    )


@bp.post("/courriels/<int:ident>/renvoyer")
@role_required(ADMIN)
def renvoyer(ident: int):
    row = envoi.resend(get_session(), ident, qui=current_user.email)
    flash(f"Message n° {row.id} remis en file d'envoi pour {row.destinataire}.", "succes")
    return redirect(url_for("admin.courriels"))
