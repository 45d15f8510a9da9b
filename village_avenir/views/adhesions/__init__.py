"""Scheme memberships: a commune's memberships, the queue of doubtful ones.

The package imports its route modules, which register on :data:`blueprint.bp`."""

from . import a_confirmer, gestion  # noqa: F401  (routes)
from .blueprint import bp

__all__ = ["bp"]
