"""``flask import-patrimoine FICHIER [--format inventaire|merimee]``: load heritage items.

``inventaire`` (default): the documented layout
``code_insee;nom;type;protection;etat;longitude;latitude;date_visite;source`` (README,
« Patrimoine »). ``merimee``: the Mérimée export (protected buildings, state « non évalué »).
The whole file is checked first; one bad line (its number is printed) and nothing is written.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask

from ..db import create_schema, get_engine, get_session
from ..domain.roles import ADMIN
from ..services.patrimoine import Auteur, import_inventaire, import_merimee
from ..sources import ImportInvalide
from ..sources.lecture import open_text
from ..sources.merimee import read_merimee_elements
from ..sources.patrimoine import read_inventaire
from .base import qui


def register(app: Flask) -> None:
    @app.cli.command("import-patrimoine")
    @click.argument("fichier", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option(
        "--format",
        "format_",
        type=click.Choice(["inventaire", "merimee"]),
        default="inventaire",
        show_default=True,
        help="inventaire : fichier au format documenté ; merimee : export Mérimée.",
    )
    @click.option("--essai", is_flag=True, help="Vérifie le fichier sans rien enregistrer.")
    def import_patrimoine_command(fichier: Path, format_: str, essai: bool) -> None:
        """Importe un inventaire du patrimoine (ou l'export Mérimée)."""
        create_schema(get_engine())
        auteur = Auteur(email=qui(), role=ADMIN)
        try:
            with open_text(fichier) as fh:
                if format_ == "merimee":
                    lignes = read_merimee_elements(fh)
                    report = import_merimee(
                        get_session(), lignes, auteur=auteur, fichier=fichier.name, dry_run=essai
                    )
                else:
                    lignes = read_inventaire(fh)
                    report = import_inventaire(
                        get_session(), lignes, auteur=auteur, fichier=fichier.name, dry_run=essai
                    )
        except (ImportInvalide, UnicodeDecodeError) as exc:
            raise click.ClickException(f"{exc}\nFichier refusé : rien n'a été importé.") from exc
        for line in report.lines():
            click.echo(line)
        if report.erreurs:
            raise click.ClickException(
                f"{len(report.erreurs)} lignes en erreur : rien n'a été importé."
            )
        if essai:
            click.echo("Essai : rien n'a été enregistré.")
