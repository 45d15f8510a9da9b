"""The heritage inventory (issue 22): pages, exports, imports, and the on-site visit.

The package imports its route modules, which register on :data:`blueprint.bp` (``patrimoine``:
``pages``, ``exports``, ``imports``) or on :data:`blueprint_visite.bp` (``patrimoine_visite``:
the visit page ``visite``, its sync endpoints ``synchronisation``, ``photos``);
``section_visites`` adds the visits to the commune sheet."""

from . import (  # noqa: F401  (routes, sheet section)
    exports,
    imports,
    pages,
    photos,
    section_visites,
    synchronisation,
    visite,
)
from .blueprint import bp
from .blueprint_visite import bp as visite_bp

__all__ = ["bp", "visite_bp"]
