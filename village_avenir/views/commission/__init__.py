"""The selection committee of a campaign (PDF and sorting helpers beside).

The package imports its route modules, which register on :data:`blueprint.bp`."""

from . import seance  # noqa: F401  (routes)
from .blueprint import bp

__all__ = ["bp"]
