"""Needs diagnosis: ranking, snapshots, commune values, weights, indicator imports.

The package imports its route modules, which register on :data:`blueprint.bp`."""

from . import classement, export, imports, ponderation, saisie  # noqa: F401  (routes)
from .blueprint import bp

__all__ = ["bp"]
