"""``flask`` commands for schema versions and sessions: db-revision, logout-everywhere, set-password.

``flask init-db`` (cli.py) applies the migrations; ``db-revision`` writes a new one.
"""

from __future__ import annotations

import click
from flask import Flask
from sqlmodel import select

from .cli import _qui
from .db import get_engine, get_session
from .models import Utilisateur
from .schema import new_revision
from .services.comptes import CompteInvalide, change_password, renew_session_token


def _user(email: str) -> Utilisateur:
    user = (
        get_session()
        .exec(select(Utilisateur).where(Utilisateur.email == email.strip().lower()))
        .first()
    )
    if user is None:
        raise click.ClickException(f"Aucun compte pour {email}.")
    return user


def register(app: Flask) -> None:
    @app.cli.command("db-revision")
    @click.option("-m", "--message", required=True, help="Ce que change la migration.")
    def db_revision(message: str) -> None:
        """Écrit la migration suivante (différence entre la base à jour et les modèles)."""
        path = new_revision(get_engine(), message)
        click.echo(f"Migration écrite : {path}\nRelisez-la avant de la valider.")

    @app.cli.command("logout-everywhere")
    @click.option("--email", required=True, help="Adresse du compte.")
    def logout_everywhere(email: str) -> None:
        """Déconnecte un compte de tous ses appareils (renouvelle son jeton de session)."""
        user = _user(email)
        renew_session_token(get_session(), user.id, qui=_qui(), motif="ligne de commande")
        click.echo(f"Toutes les sessions de {user.email} sont fermées.")

    @app.cli.command("set-password")
    @click.option("--email", required=True, help="Adresse du compte.")
    @click.password_option(
        "--mot-de-passe",
        envvar="VILLAGE_AVENIR_MOT_DE_PASSE",
        prompt="Nouveau mot de passe",
        confirmation_prompt="Confirmez",
    )
    def set_password(email: str, mot_de_passe: str) -> None:
        """Change le mot de passe d'un compte ; ses sessions ouvertes sont fermées."""
        user = _user(email)
        try:
            change_password(get_session(), user.id, mot_de_passe, qui=_qui())
        except CompteInvalide as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"Mot de passe changé ; toutes les sessions de {user.email} sont fermées.")
