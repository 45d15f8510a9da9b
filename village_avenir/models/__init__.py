"""SQLModel tables, one module per area. No business rules here: they live in ``domain/``
and ``services/``. Importing this package registers every table on ``SQLModel.metadata``.
"""

from .audit import Journal, utcnow
from .candidatures import Campagne, Candidature, Echange
from .commission import AvisInstruction, DecisionCommission, SeanceCommission
from .comptes import (
    Invitation,
    Reinitialisation,
    SessionAppareil,
    TentativeConnexion,
    Utilisateur,
)
from .courriels import Courriel
from .diagnostic import AjustementScore, InstantaneDiagnostic, ValeurIndicateur, VersionPonderation
from .patrimoine import PatrimoineElement, PatrimoinePhoto, PatrimoineVisite
from .plans import PlanAction, PlanVersion
from .referentiel import Adhesion, Commune, CommuneDeleguee, Epci

__all__ = [
    "Adhesion",
    "AjustementScore",
    "AvisInstruction",
    "Campagne",
    "Candidature",
    "Commune",
    "CommuneDeleguee",
    "Courriel",
    "DecisionCommission",
    "Echange",
    "Epci",
    "InstantaneDiagnostic",
    "Invitation",
    "Journal",
    "PatrimoineElement",
    "PatrimoinePhoto",
    "PatrimoineVisite",
    "PlanAction",
    "PlanVersion",
    "Reinitialisation",
    "SeanceCommission",
    "SessionAppareil",
    "TentativeConnexion",
    "Utilisateur",
    "ValeurIndicateur",
    "VersionPonderation",
    "utcnow",
]
