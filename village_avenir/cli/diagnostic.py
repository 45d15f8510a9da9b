"""``flask import-indicateurs <format> <fichier>`` and ``flask diagnostic-instantane``.

Formats: insee-logement, insee-population, bpe, merimee, lovac, anct-france-services, long.
The file is read entirely (with a progress bar) before anything is written: a malformed
file is refused with its line number and nothing is imported.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask

from ..db import create_schema, get_engine, get_session
from ..domain.dates import parse_annee
from ..services.diagnostic import take_snapshot
from ..services.diagnostic.imports import (
    FORMATS,
    NEEDS_YEAR,
    FichierPartiel,
    import_indicateurs,
    read_file,
)
from ..sources import ImportInvalide
from ..sources.lecture import count_lines, open_text
from .base import qui


def register(app: Flask) -> None:
    @app.cli.command("import-indicateurs")
    @click.argument("format_", metavar="FORMAT", type=click.Choice(sorted(FORMATS)))
    @click.argument("fichier", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option(
        "--annee",
        default=None,
        help="Millésime du fichier (obligatoire pour merimee et anct-france-services).",
    )
    @click.option(
        "--partiel",
        is_flag=True,
        help="Importer un fichier qui ne couvre pas le département (moins de 95 % des "
        "communes) : seules les communes du fichier reçoivent des valeurs, les autres restent "
        "« non renseigné » (jamais 0).",
    )
    def import_indicateurs_command(
        format_: str, fichier: Path, annee: str | None, partiel: bool
    ) -> None:
        """Importe un fichier officiel d'indicateurs (voir FORMAT) puis recalcule les scores."""
        if format_ in NEEDS_YEAR:
            try:
                parse_annee(annee or "")  # the one four-digit year check
            except ValueError:
                raise click.BadParameter(
                    "précisez --annee (millésime du fichier, ex. 2024).", param_hint="--annee"
                ) from None
        create_schema(get_engine())
        total = max(count_lines(fichier) - 1, 0)
        try:
            with (
                open_text(fichier) as fh,
                click.progressbar(length=total, label="Lecture", file=None) as bar,
            ):
                result = read_file(format_, fh, annee, bar.update)
            report = import_indicateurs(
                get_session(), result, qui=qui(), fichier=fichier.name, partiel=partiel
            )
        except FichierPartiel as exc:
            raise click.ClickException(
                f"Fichier refusé : {exc} Relancez avec --partiel pour l'importer ainsi."
            ) from exc
        except (ImportInvalide, UnicodeDecodeError) as exc:
            raise click.ClickException(
                f"{exc}\nFichier refusé : aucune donnée n'a été importée."
            ) from exc
        click.echo(f"Format : {FORMATS[format_]} — source : {result.source}")
        for line in report.lines():
            click.echo(line)
        click.echo(f"Scores recalculés : instantané n° {report.instantane_id}.")

    @app.cli.command("diagnostic-instantane")
    @click.option("--motif", default="Calcul demandé en ligne de commande", show_default=True)
    def snapshot_command(motif: str) -> None:
        """Calcule les scores de toutes les communes et les archive (instantané daté)."""
        snap = take_snapshot(get_session(), qui=qui(), motif=motif)
        click.echo(f"Instantané n° {snap.id} enregistré ({snap.ponderation}).")
