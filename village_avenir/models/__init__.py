"""SQLModel tables, one module per area. No business rules here: they live in ``domain/``
and ``services/``. Importing this package registers every table on ``SQLModel.metadata``.
"""

from .audit import Journal, utcnow
from .comptes import Utilisateur
from .plans import PlanAction, PlanVersion
from .referentiel import Adhesion, Commune, CommuneDeleguee, Epci

__all__ = [
    "Adhesion",
    "Commune",
    "CommuneDeleguee",
    "Epci",
    "Journal",
    "PlanAction",
    "PlanVersion",
    "Utilisateur",
    "utcnow",
]
