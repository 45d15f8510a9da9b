"""Schema versions (Alembic): upgrade a database to the models' schema, without losing data.

- ``upgrade_schema(engine)`` (``flask init-db``): an empty database is migrated from the first
  revision; a database created before migrations existed (tables present, no
  ``alembic_version``) is stamped at ``0001`` (the first schema) and then upgraded; an
  up-to-date database is left alone (fast: one query).
- ``create_all_at_head(connection)``: ``metadata.create_all`` then stamp ``head``, for empty
  test databases (fast). ``tests/test_migrations.py`` proves both give the same schema.
- ``new_revision(message)`` (``flask db-revision``): autogenerate the next numbered revision.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

from . import models  # noqa: F401  (registers the tables on SQLModel.metadata)

__all__ = [
    "FIRST_REVISION",
    "SchemaInconnu",
    "alembic_config",
    "create_all_at_head",
    "current_revision",
    "differences",
    "head_revision",
    "new_revision",
    "upgrade_schema",
]

MIGRATIONS = Path(__file__).with_name("migrations")
FIRST_REVISION = "0001"
VERSION_TABLE = "alembic_version"
# The tables of the first schema (revision 0001, main at commit 8a93169).
FIRST_TABLES = frozenset(
    {
        "adhesion",
        "ajustementscore",
        "campagne",
        "candidature",
        "commune",
        "communedeleguee",
        "echange",
        "epci",
        "instantanediagnostic",
        "invitation",
        "journal",
        "plan_action",
        "plan_version",
        "tentativeconnexion",
        "utilisateur",
        "valeurindicateur",
        "versionponderation",
    }
)


class SchemaInconnu(RuntimeError):
    """The database holds tables that no known schema version explains (message in French)."""


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    return _scripts().get_current_head()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_schema(engine: Engine) -> list[str]:
    """Bring the database to the latest revision; returns what was done (French lines).

    One transaction: a failed migration leaves the previous schema and rows intact. On SQLite,
    foreign keys are off while migrating (batch mode rebuilds tables that others reference)
    and checked before commit.
    """
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:  # outside any transaction, or SQLite ignores it
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                if sqlite:  # pysqlite would run the DDL outside the transaction otherwise
                    conn.exec_driver_sql("BEGIN")
                done = _upgrade(conn)
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise SchemaInconnu(
                        "La migration laisserait des références cassées : rien n'a été modifié."
                    )
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()
    return done


def _upgrade(conn: Connection) -> list[str]:
    done: list[str] = []
    tables = set(inspect(conn).get_table_names())
    if VERSION_TABLE in tables and current_revision(conn) == head_revision():
        return done
    cfg = alembic_config(conn)
    if VERSION_TABLE not in tables and tables & FIRST_TABLES:
        missing = FIRST_TABLES - tables
        if missing:
            raise SchemaInconnu(
                "Base créée par une version inconnue de l'outil (tables absentes : "
                f"{', '.join(sorted(missing))}) : aucune migration n'a été appliquée."
            )
        if not differences(conn):  # made by create_all from today's models
            command.stamp(cfg, "head")
            done.append("Base existante sans version, déjà conforme : marquée à jour.")
            return done
        command.stamp(cfg, FIRST_REVISION)
        done.append(f"Base existante sans version : marquée au schéma {FIRST_REVISION}.")
    before = current_revision(conn)
    command.upgrade(cfg, "head")
    done.append(f"Schéma mis à jour : {before or 'base vide'} → {head_revision()}.")
    return done


def create_all_at_head(connection: Connection) -> None:
    """Create every table from the models and stamp the latest revision (empty database)."""
    SQLModel.metadata.create_all(connection)
    MigrationContext.configure(connection).stamp(_scripts(), "head")


def differences(connection: Connection) -> list:
    """Alembic's differences between the database and the models (empty when in step)."""
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, SQLModel.metadata)


def new_revision(engine: Engine, message: str) -> str:
    """Autogenerate the next revision (numbered 0002, 0003…) against an up-to-date database."""
    upgrade_schema(engine)
    number = f"{len(list(_scripts().walk_revisions())) + 1:04d}"
    with engine.begin() as conn:
        script = command.revision(
            alembic_config(conn), message=message, autogenerate=True, rev_id=number
        )
    _scripts.cache_clear()
    return script.path
