"""``flask db-revision``: write the next schema migration.

``flask init-db`` (``cli/referentiel.py``) applies the migrations; ``db-revision`` writes a new one.
"""

from __future__ import annotations

import click
from flask import Flask

from ..db import get_engine
from ..schema import new_revision


def register(app: Flask) -> None:
    @app.cli.command("db-revision")
    @click.option("-m", "--message", required=True, help="Ce que change la migration.")
    def db_revision(message: str) -> None:
        """Écrit la migration suivante (différence entre la base à jour et les modèles)."""
        path = new_revision(get_engine(), message)
        click.echo(f"Migration écrite : {path}\nRelisez-la avant de la valider.")
