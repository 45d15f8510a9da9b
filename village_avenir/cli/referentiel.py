"""``flask`` commands of the referential: init-db, import-communes, import-programmes, import-anct.

Every import runs in one transaction: a malformed file is refused with its line number and
nothing is written.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy import func
from sqlmodel import select

from .. import services
from ..db import create_schema, get_engine, get_session
from ..domain.communes import is_departement_code
from ..models import Utilisateur
from ..parametres import load_regles
from ..repository import count_communes
from ..schema import SchemaInconnu, upgrade_schema
from ..services.diagnostic.imports import load_shipped_indicateurs
from ..services.referentiel import DepartementIntrouvable, load_departement
from ..sources import ImportInvalide
from ..sources.programmes import read_anct_table, read_programmes_csv
from .base import fail, qui


def _import_memberships(fichier: Path, read) -> None:
    """Read a membership file with ``read(fh)`` and import its rows in one transaction; a
    refused file writes nothing and says why."""
    try:
        with fichier.open(encoding="utf-8", newline="") as fh:
            rows = read(fh)
        report = services.import_memberships(get_session(), rows, qui=qui())
    except (ImportInvalide, UnicodeDecodeError) as exc:
        raise fail(exc) from exc
    click.echo(report.summary())
    for note in report.notes:
        click.echo(note)


def register(app: Flask) -> None:
    @app.cli.command("init-db")
    def init_db() -> None:
        """Applique les migrations du schéma et charge le département configuré si la base est vide."""
        try:
            for line in upgrade_schema(get_engine()):
                click.echo(line)
        except SchemaInconnu as exc:
            raise click.ClickException(str(exc)) from exc
        session = get_session()
        if count_communes(session):
            click.echo(f"Base déjà initialisée ({count_communes(session)} communes).")
        else:
            departement = current_app.config["DEPARTEMENT"]
            try:
                for line in load_departement(session, departement, qui=qui()):
                    click.echo(line)
                # an empty database also gets the shipped indicators and a first snapshot
                for line in load_shipped_indicateurs(session, departement, qui=qui()):
                    click.echo(line)
            except DepartementIntrouvable as exc:
                raise click.ClickException(str(exc)) from exc
            except ImportInvalide as exc:
                raise fail(exc) from exc
        if session.exec(select(func.count()).select_from(Utilisateur)).one() == 0:
            click.echo(
                "Aucun compte pour l'instant : la carte et l'éligibilité sont publiques. Pour "
                "les espaces réservés, créez le premier administrateur :\n"
                "  .venv/bin/flask --app village_avenir create-user --email ADRESSE "
                '--nom "NOM" --role admin'
            )

    @app.cli.command("import-communes")
    @click.argument("geojson", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option(
        "--deleguees",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="CSV des communes déléguées (par défaut : <dep>_communes_deleguees.csv à côté).",
    )
    def import_communes(geojson: Path, deleguees: Path | None) -> None:
        """Importe ou met à jour les communes d'un fichier écrit par scripts/build_communes.py."""
        create_schema(get_engine())
        if deleguees is None:
            deleguees = geojson.with_name(f"{geojson.stem}_communes_deleguees.csv")
        try:
            report = services.import_referentiel(get_session(), geojson, deleguees, qui=qui())
        except ImportInvalide as exc:
            raise fail(exc) from exc
        click.echo(report.summary())

    @app.cli.command("import-programmes")
    @click.argument("fichier", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    def import_programmes(fichier: Path) -> None:
        """Importe un fichier d'adhésions au format de data/communes/programmes.csv."""
        levels = set(load_regles().levels)
        _import_memberships(fichier, lambda fh: read_programmes_csv(fh, levels))

    @app.cli.command("import-anct")
    @click.argument("fichier", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--departement", required=True, help="Code du département à importer (ex. 46).")
    @click.option(
        "--date", "date_source", required=True, help="Date ou millésime de la table (ex. 2023)."
    )
    @click.option(
        "--source", default=None, help="Libellé de la source (par défaut : nom du fichier)."
    )
    @click.option(
        "--liste",
        default=None,
        help="Suffixe de la liste datée (ex. cog2023 → listes acv-cog2023, pvd-cog2023, "
        "à déclarer dans eligibilite.toml).",
    )
    def import_anct(
        fichier: Path, departement: str, date_source: str, source: str | None, liste: str | None
    ) -> None:
        """Importe ACV et PVD depuis la table ANCT des programmes par commune (insee_com, id_pvd, id_acv…)."""
        dep = departement.strip().upper()
        if not is_departement_code(dep):
            raise click.BadParameter(f"code de département invalide : {departement}")
        label = source or f"ANCT, table des programmes territoriaux par commune ({fichier.name})"
        _import_memberships(
            fichier,
            lambda fh: read_anct_table(
                fh, source=label, date_source=date_source, departement=dep, liste=liste
            ),
        )
