"""Use cases. Every write of the application goes through this package and is journaled.

Each public writer runs in one transaction: it commits at the end or rolls everything back,
so a failed import or save leaves the database as it was. Modules by area:
``audit`` (the journal), ``referentiel`` (imports), ``eligibilite`` (assessments),
``comptes`` and ``acces`` (accounts, login throttling, invitations), ``campagnes``,
``candidatures`` (drafts, deposit, declared values, states for the maps), ``instruction``
(transitions, notes, messages, decisions), ``pieces`` (uploaded PDFs).
"""

from ..domain.communes import InvalidInseeCode
from .audit import ImportReport, record
from .eligibilite import Assessment, CommuneInconnue, assess, assess_all
from .referentiel import import_memberships, import_referentiel

__all__ = [
    "Assessment",
    "CommuneInconnue",
    "ImportReport",
    "InvalidInseeCode",
    "assess",
    "assess_all",
    "import_memberships",
    "import_referentiel",
    "record",
]
