"""Administration: accounts and invitations, campaigns, e-mail outbox.

The package imports its route modules, which register on :data:`blueprint.bp`."""

from . import campagnes, comptes, courriels  # noqa: F401  (routes)
from .blueprint import bp

__all__ = ["bp"]
