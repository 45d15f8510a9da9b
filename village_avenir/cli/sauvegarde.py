"""``flask export FICHIER`` and ``flask import FICHIER [--remplacer]``: the whole database and
the uploaded documents in one zip archive (see ``services/sauvegarde/format.py``).

The archive holds personal data and password hashes: store it like the database itself.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app

from ..db import create_schema, get_engine, get_session
from ..services.sauvegarde import SauvegardeInvalide, export_archive, import_archive
from .base import qui


def register(app: Flask) -> None:
    @app.cli.command("export")
    @click.argument("fichier", type=click.Path(dir_okay=False, writable=True, path_type=Path))
    def export_command(fichier: Path) -> None:
        """Sauvegarde toute la base et les pièces jointes dans une archive zip."""
        if not fichier.parent.is_dir():
            raise click.ClickException(f"Le dossier « {fichier.parent} » n'existe pas.")
        create_schema(get_engine())
        try:
            bilan = export_archive(get_session(), fichier, Path(current_app.config["PIECES_DIR"]))
        except OSError as exc:
            raise click.ClickException(
                f"Impossible d'écrire la sauvegarde « {fichier} » : {exc.strerror or exc}."
            ) from exc
        click.echo(f"Sauvegarde écrite dans {fichier} : {bilan.summary()}")
        click.echo(
            "Attention : elle contient des données personnelles et les empreintes des mots de "
            "passe ; conservez-la en lieu sûr."
        )

    @app.cli.command("import")
    @click.argument("fichier", type=click.Path(dir_okay=False, path_type=Path))
    @click.option(
        "--remplacer",
        is_flag=True,
        help="Efface d'abord toutes les données de la base (dans la même transaction).",
    )
    def import_command(fichier: Path, remplacer: bool) -> None:
        """Restaure une sauvegarde écrite par « flask export » dans une base vide."""
        create_schema(get_engine())
        try:
            bilan = import_archive(
                get_session(),
                fichier,
                Path(current_app.config["PIECES_DIR"]),
                qui=qui(),
                remplacer=remplacer,
            )
        except SauvegardeInvalide as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"Sauvegarde restaurée : {bilan.summary()}")
