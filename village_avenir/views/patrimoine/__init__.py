"""The heritage inventory (issue 22): pages, exports, imports.

The package imports its route modules, which register on :data:`blueprint.bp`."""

from . import exports, imports, pages  # noqa: F401  (routes)
from .blueprint import bp

__all__ = ["bp"]
