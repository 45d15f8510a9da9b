"""Strategic plans: pages, action edits, exports.

The package imports its route modules, which register on :data:`blueprint.bp`."""

from . import actions, exports, pages, projet, suivi  # noqa: F401  (routes)
from .blueprint import bp

__all__ = ["bp"]
