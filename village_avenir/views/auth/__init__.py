"""Login, logout, invitation and password-reset links.

The package imports its route modules, which register on :data:`blueprint.bp`."""

from . import connexion, liens  # noqa: F401  (routes)
from .blueprint import bp

__all__ = ["bp"]
