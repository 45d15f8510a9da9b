"""``flask plans-apercu --sortie F.csv``: the plan proposed to every ranked commune, saved
nowhere (one line per action, ``;``-separated; see ``services/plans/apercu.py``)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click
from flask import Flask

from ..db import get_session
from ..services.plans.apercu import preview_plans, write_preview_csv


def register(app: Flask) -> None:
    @app.cli.command("plans-apercu")
    @click.option(
        "--sortie",
        required=True,
        type=click.Path(dir_okay=False, writable=True, path_type=Path),
        help="Fichier CSV à écrire (séparateur « ; »).",
    )
    def plans_apercu(sortie: Path) -> None:
        """Écrit le plan proposé à chaque commune classée, sans rien enregistrer."""
        session = get_session()
        try:
            apercus = preview_plans(session)
        finally:
            session.rollback()  # nothing of the preview is ever saved
        try:
            with sortie.open("w", encoding="utf-8", newline="") as fh:
                lines = write_preview_csv(fh, apercus)
        except OSError as exc:
            raise click.ClickException(
                f"Impossible d'écrire {sortie} : {exc.strerror or exc}."
            ) from exc
        actions = Counter(a.action_id for ap in apercus for a in ap.plan.actions)
        click.echo(
            f"{len(apercus)} communes classées, {lines} lignes écrites dans {sortie} ; "
            f"{len(actions)} actions différentes proposées."
        )
