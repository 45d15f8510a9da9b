"""``flask envoyer-courriels``: deliver the outbox through SMTP (once, or in a loop).

Run it beside the web server (``make courriels``, a systemd service or a cron line, see the
README). Without ``VILLAGE_AVENIR_SMTP_HOTE`` it says so and sends nothing: the messages
stay in the outbox, readable at /admin/courriels.
"""

from __future__ import annotations

import time

import click
from flask import Flask, current_app
from sqlmodel import Session

from ..db import get_engine
from ..services.courriels import envoi


def _one_round(cfg: envoi.SmtpConfig) -> envoi.Rapport:
    with Session(get_engine()) as session:
        return envoi.send_due(session, cfg)


def register(app: Flask) -> None:
    @app.cli.command("envoyer-courriels")
    @click.option(
        "--boucle", is_flag=True, help="Ne s'arrête pas : relève la boîte d'envoi régulièrement."
    )
    @click.option(
        "--intervalle",
        type=float,
        default=30.0,
        show_default=True,
        help="Secondes entre deux relèves (avec --boucle).",
    )
    def envoyer_courriels(boucle: bool, intervalle: float) -> None:
        """Envoie les courriels en attente de la boîte d'envoi (SMTP)."""
        try:
            cfg = envoi.smtp_config(current_app.config)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
        if cfg is None:
            raise click.ClickException(
                "Aucun serveur SMTP configuré (VILLAGE_AVENIR_SMTP_HOTE) : les courriels restent "
                "dans la boîte d'envoi, lisibles par les administrateurs sur /admin/courriels."
            )
        while True:
            rapport = _one_round(cfg)
            if rapport.envoyes or rapport.echecs:
                click.echo(f"{rapport.envoyes} envoyé(s), {rapport.echecs} échec(s).")
                for erreur in rapport.erreurs:
                    click.echo(f"  {erreur}", err=True)
            if not boucle:
                return
            time.sleep(max(intervalle, 0.05))
