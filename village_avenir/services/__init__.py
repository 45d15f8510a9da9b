"""Use cases. Every write of the application goes through this package and is journaled.

Each public writer runs in one transaction: it commits at the end or rolls everything back,
so a failed import or save leaves the database as it was. By area, one package each:
``candidatures/`` (from the draft to the decision), ``comptes/`` (accounts, logins,
invitations, device sessions), ``courriels/`` (outbox, texts, sending), ``commission/``
(the selection committee), ``diagnostic/``, ``plans/``, ``patrimoine/``, ``sauvegarde/``.
Beside them, shared modules: ``transaction`` (the one transaction helper), ``audit`` (the
journal), ``referentiel`` (imports), ``eligibilite`` (assessments), ``campagnes``,
``adhesions``, ``a_confirmer``, ``accueil``.
"""

from .audit import ImportReport, record
from .eligibilite import Assessment, CommuneInconnue, assess, assess_all
from .referentiel import import_memberships, import_referentiel

__all__ = [
    "Assessment",
    "CommuneInconnue",
    "ImportReport",
    "assess",
    "assess_all",
    "import_memberships",
    "import_referentiel",
    "record",
]
