"""The ``flask`` commands, one module per area; :func:`register` adds them all to the app."""

from __future__ import annotations

from flask import Flask

from . import comptes, courriels, diagnostic, patrimoine, plans, referentiel, sauvegarde, schema


def register(app: Flask) -> None:
    """Add every command group to ``app.cli``."""
    for module in (
        referentiel,
        comptes,
        diagnostic,
        patrimoine,
        plans,
        sauvegarde,
        schema,
        courriels,
    ):
        module.register(app)
