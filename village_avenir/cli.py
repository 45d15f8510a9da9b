"""``flask`` commands: init-db, import-communes, import-programmes, import-anct.

Every import runs in one transaction: a malformed file is refused with its line number and
nothing is written.
"""

from __future__ import annotations

import getpass
from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy import func
from sqlmodel import select

from . import services
from .auth import ROLES
from .db import create_schema, get_engine, get_session
from .domain.communes import departement_of, is_departement_code
from .models import Utilisateur
from .parametres import load_regles
from .repository import count_communes
from .schema import SchemaInconnu, upgrade_schema
from .services.comptes import CompteInvalide, create_user
from .sources import ImportFormatError
from .sources.programmes import read_anct_table, read_programmes_csv


def _qui() -> str:
    try:
        return f"ligne de commande ({getpass.getuser()})"
    except Exception:  # pragma: no cover - no user name in some containers
        return "ligne de commande"


def _fail(exc: Exception) -> click.ClickException:
    return click.ClickException(f"{exc}\nFichier refusé : aucune donnée n'a été importée.")


def load_departement(departement: str) -> list[str]:
    """Load the shipped referential and memberships of a département; returns report lines."""
    directory = Path(current_app.config["COMMUNES_DIR"])
    geojson = directory / f"{departement}.geojson"
    if not geojson.exists():
        raise click.ClickException(
            f"{geojson} introuvable : lancez « python scripts/build_communes.py --departement "
            f"{departement} »."
        )
    session = get_session()
    lines = []
    report = services.import_referentiel(
        session, geojson, directory / f"{departement}_communes_deleguees.csv", qui=_qui()
    )
    lines.append(f"Communes : {report.summary()}")
    programmes = directory / "programmes.csv"
    if programmes.exists():
        rules = load_regles()
        with programmes.open(encoding="utf-8", newline="") as fh:
            rows = read_programmes_csv(fh, set(rules.levels))
        rows = [r for r in rows if departement_of(r.code_insee) == departement]
        report = services.import_memberships(session, rows, qui=_qui())
        lines.append(f"Adhésions aux dispositifs : {report.summary()}")
    return lines


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
                qui=_qui(),
            )
        except CompteInvalide as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"Compte créé : {user.email} ({ROLES[user.role]}).")

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
            try:
                for line in load_departement(current_app.config["DEPARTEMENT"]):
                    click.echo(line)
            except ImportFormatError as exc:
                raise _fail(exc) from exc
            from .cli_diagnostic import load_indicateurs  # (it imports this module)

            try:  # an empty database also gets the shipped indicators and a first snapshot
                for line in load_indicateurs(current_app.config["DEPARTEMENT"]):
                    click.echo(line)
            except ImportFormatError as exc:
                raise _fail(exc) from exc
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
            report = services.import_referentiel(get_session(), geojson, deleguees, qui=_qui())
        except ImportFormatError as exc:
            raise _fail(exc) from exc
        click.echo(report.summary())

    @app.cli.command("import-programmes")
    @click.argument("fichier", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    def import_programmes(fichier: Path) -> None:
        """Importe un fichier d'adhésions au format de data/communes/programmes.csv."""
        rules = load_regles()
        try:
            with fichier.open(encoding="utf-8", newline="") as fh:
                rows = read_programmes_csv(fh, set(rules.levels))
            report = services.import_memberships(get_session(), rows, qui=_qui())
        except (ImportFormatError, UnicodeDecodeError) as exc:
            raise _fail(exc) from exc
        click.echo(report.summary())
        for note in report.notes:
            click.echo(note)

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
        try:
            with fichier.open(encoding="utf-8", newline="") as fh:
                rows = read_anct_table(
                    fh, source=label, date_source=date_source, departement=dep, liste=liste
                )
            report = services.import_memberships(get_session(), rows, qui=_qui())
        except (ImportFormatError, UnicodeDecodeError) as exc:
            raise _fail(exc) from exc
        click.echo(report.summary())
        for note in report.notes:
            click.echo(note)
