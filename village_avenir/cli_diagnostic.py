"""``flask import-indicateurs <format> <fichier>`` and ``flask diagnostic-instantane``.

Formats: insee-logement, insee-population, bpe, merimee, lovac, anct-france-services, long.
The file is read entirely (with a progress bar) before anything is written: a malformed
file is refused with its line number and nothing is imported.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
from flask import Flask, current_app
from sqlmodel import select

from .cli import _qui
from .db import create_schema, get_engine, get_session
from .models import ValeurIndicateur
from .services.diagnostic import take_snapshot
from .services.diagnostic_calcul import parametres
from .services.diagnostic_imports import import_indicateurs
from .sources import ImportFormatError
from .sources.bpe import read_bpe
from .sources.france_services import read_france_services
from .sources.indicateurs import count_lines, open_text, read_long_csv
from .sources.insee import read_logement, read_population
from .sources.lovac import read_lovac
from .sources.merimee import read_merimee

FORMATS = {
    "insee-logement": "INSEE base-cc-logement (CODGEO;Pyy_LOG;Pyy_LOGVAC;Pyy_RSECOCC;Pyy_RP…)",
    "insee-population": "INSEE séries de population (CODGEO;P21_POP;P15_POP;…)",
    "bpe": "INSEE BPE, nombre par commune (NB_EQUIP) ou un équipement par ligne",
    "merimee": "Mérimée, immeubles protégés MH (export POP, séparateur |)",
    "lovac": "LOVAC open data communes (CODGEO_aa;pp_vacant_plus_2ans_aa;ff_pp_total_aa…)",
    "anct-france-services": "Table ANCT des programmes par commune (insee_com, id_fs)",
    "long": "CSV long du projet : code_insee;indicateur;valeur;annee;source",
}
NEEDS_YEAR = {"merimee", "anct-france-services"}


def _read(fmt: str, fh, annee: str | None, progress):
    cat = parametres().catalogue
    if fmt == "insee-logement":
        return read_logement(fh, progress)
    if fmt == "insee-population":
        return read_population(fh, progress)
    if fmt == "lovac":
        return read_lovac(fh, progress)
    if fmt == "bpe":
        groups = {d.id: d.typequ for d in cat.donnees.values() if d.typequ}
        return read_bpe(fh, groups, progress)
    if fmt == "merimee":
        return read_merimee(fh, annee, progress)
    if fmt == "anct-france-services":
        return read_france_services(fh, annee, progress)
    return read_long_csv(fh, set(cat.donnees), progress)


def load_indicateurs(departement: str) -> list[str]:
    """Load the shipped indicator file of a département (``data/indicateurs/<dep>.csv``, built
    by ``scripts/build_indicateurs.py``) when no official value is in the database yet; the
    import takes the first snapshot. Returns report lines (nothing done: an empty list)."""
    path = Path(current_app.config["INDICATEURS_DIR"]) / f"{departement}.csv"
    session = get_session()
    stmt = select(ValeurIndicateur).where(ValeurIndicateur.origine == "importee").limit(1)
    if not path.exists() or session.exec(stmt).first() is not None:
        return []
    with open_text(path) as fh:
        result = read_long_csv(fh, set(parametres().catalogue.donnees))
    result.format = "fourni"
    report = import_indicateurs(session, result, qui=_qui(), fichier=path.name)
    return [
        f"Indicateurs fournis ({path.name}) : {report.importees} valeurs chargées, "
        f"{report.rejetees} rejetées ; premier instantané du diagnostic n° {report.instantane_id}."
    ]


def register(app: Flask) -> None:
    @app.cli.command("import-indicateurs")
    @click.argument("format_", metavar="FORMAT", type=click.Choice(sorted(FORMATS)))
    @click.argument("fichier", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option(
        "--annee",
        default=None,
        help="Millésime du fichier (obligatoire pour merimee et anct-france-services).",
    )
    def import_indicateurs_command(format_: str, fichier: Path, annee: str | None) -> None:
        """Importe un fichier officiel d'indicateurs (voir FORMAT) puis recalcule les scores."""
        if format_ in NEEDS_YEAR and not (annee and re.fullmatch(r"[0-9]{4}", annee)):
            raise click.BadParameter(
                "précisez --annee (millésime du fichier, ex. 2024).", param_hint="--annee"
            )
        create_schema(get_engine())
        total = max(count_lines(fichier) - 1, 0)
        try:
            with (
                open_text(fichier) as fh,
                click.progressbar(length=total, label="Lecture", file=None) as bar,
            ):
                result = _read(format_, fh, annee, bar.update)
            report = import_indicateurs(get_session(), result, qui=_qui(), fichier=fichier.name)
        except (ImportFormatError, UnicodeDecodeError) as exc:
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
        snap = take_snapshot(get_session(), qui=_qui(), motif=motif)
        click.echo(f"Instantané n° {snap.id} enregistré ({snap.ponderation}).")
