"""SQLModel tables, one module per area. No business rules here: they live in ``domain/``
and ``services/``. Importing this package registers every table on ``SQLModel.metadata``.
"""

from .audit import Journal, utcnow
from .comptes import Utilisateur
from .diagnostic import AjustementScore, InstantaneDiagnostic, ValeurIndicateur, VersionPonderation
from .referentiel import Adhesion, Commune, CommuneDeleguee, Epci

__all__ = [
    "Adhesion",
    "AjustementScore",
    "Commune",
    "CommuneDeleguee",
    "Epci",
    "InstantaneDiagnostic",
    "Journal",
    "Utilisateur",
    "ValeurIndicateur",
    "VersionPonderation",
    "utcnow",
]
