"""Applications, commune side: list, new application, file, deposit, sheet section.

The package imports its route modules, which register on :data:`blueprint.bp`."""

from . import depot, dossier, pages, section  # noqa: F401  (routes)
from .blueprint import bp

__all__ = ["bp"]
