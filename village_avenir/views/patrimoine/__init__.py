"""Heritage inventory pages (issue 22). ``visite``, ``synchronisation`` and ``photos`` register the
on-site visit's routes on :data:`blueprint_visite.bp` (``patrimoine_visite``);
``section_visites`` adds the visits to the commune sheet."""

from . import photos, section_visites, synchronisation, visite  # noqa: F401  (routes, sheet section)
from .blueprint_visite import bp as visite_bp

__all__ = ["visite_bp"]
