"""Heritage inventory pages (issue 22). ``visite``, ``envoi`` and ``photos`` register the
on-site visit's routes on :data:`blueprint_visite.bp` (``patrimoine_visite``)."""

from . import envoi, photos, visite  # noqa: F401  (routes)
from .blueprint_visite import bp as visite_bp

__all__ = ["visite_bp"]
