"""``flask`` commands for accounts: create-user, logout-everywhere, set-password."""

from __future__ import annotations

import click
from flask import Flask
from sqlmodel import select

from ..db import create_schema, get_engine, get_session
from ..domain.roles import ROLES
from ..models import Utilisateur
from ..services.comptes.utilisateurs import (
    CompteInvalide,
    change_password,
    create_user,
    renew_session_token,
)
from .base import qui


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
    @app.cli.command("create-user")
    @click.option("--email", required=True, help="Adresse électronique (identifiant).")
    @click.option("--nom", required=True, help="Nom affiché.")
    @click.option("--role", type=click.Choice(sorted(ROLES)), default="admin", show_default=True)
    @click.option("--commune", "commune_code", default=None, help="Code INSEE (rôle commune).")
    @click.password_option(
        "--mot-de-passe",
        envvar="VILLAGE_AVENIR_MOT_DE_PASSE",
        prompt="Mot de passe",
        confirmation_prompt="Confirmez",
    )
    def create_user_command(email, nom, role, commune_code, mot_de_passe) -> None:
        """Crée un compte (le premier administrateur, par exemple)."""
        create_schema(get_engine())
        try:
            user = create_user(
                get_session(),
                email=email,
                nom=nom,
                role=role,
                password=mot_de_passe,
                commune_code=commune_code,
                qui=qui(),
            )
        except CompteInvalide as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"Compte créé : {user.email} ({ROLES[user.role]}).")

    @app.cli.command("logout-everywhere")
    @click.option("--email", required=True, help="Adresse du compte.")
    def logout_everywhere(email: str) -> None:
        """Déconnecte un compte de tous ses appareils (renouvelle son jeton de session)."""
        user = _user(email)
        renew_session_token(get_session(), user.id, qui=qui(), motif="ligne de commande")
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
            change_password(get_session(), user.id, mot_de_passe, qui=qui())
        except CompteInvalide as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"Mot de passe changé ; toutes les sessions de {user.email} sont fermées.")
