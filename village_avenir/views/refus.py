"""Service refusals as HTTP answers, in one place.

Services, the domain and the maps refuse a request by raising a subclass of
:class:`~village_avenir.domain.refus.Refus` carrying its HTTP status (``status`` on the class)
and a French message (``CompteInvalide``, ``PlanConflit``…). A view does not catch a refusal
to answer it: the one error handler (``views/errors.py``, :func:`status_of`) renders the error
page, or the JSON error under ``/api/``, with the class's status and the French message. A view
catches a refusal only to show its form again or to flash it and redirect:

- :func:`act`: the « call the service, flash, redirect » shape of a form action; on a
  refusal the message is flashed and the answer is a redirect, or the form again with the
  status;
- :func:`show_on`: the form again with the message among its errors (not flashed), the view
  rendering it with the status :func:`show_on` returns.

A few views give a refusal another status than its class's (the same ``CommissionRefusee`` is a
bad form when a session is saved, 400, but a conflict with the frozen file when a decision is
recorded, 409): they say so with ``status=``. Every exception class defined in ``services/``,
``domain/`` and ``maps/`` derives from ``Refus``, or is in :data:`HORS_WEB` when it never
reaches a view: ``tests/web/test_refus.py`` reads the modules and fails on a class that does
neither; ``tests/web/test_refus_vues.py`` fails on a hand-written ``except`` in ``views/`` that
only answers the refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect

from ..domain.candidature import ParametresCandidatureInvalides
from ..domain.communes import CodeInseeInvalide
from ..domain.conflits import ChoixManquant
from ..domain.dates import SaisieInvalide
from ..domain.financement import FinancementInvalide
from ..domain.geometry import GeometrieInvalide
from ..domain.indicators import CatalogueIndicateursInvalide
from ..domain.patrimoine_saisie import PatrimoineInvalide
from ..domain.placement import PlacementInvalide
from ..domain.planning import BesoinsInvalides, CatalogueActionsInvalide
from ..domain.planning_costs import CoutInvalide
from ..domain.planning_needs import CorrespondanceInvalide
from ..domain.projet import ProjetInvalide
from ..domain.refus import Introuvable, Refus
from ..domain.regles import ReglesInvalides
from ..domain.scoring import PonderationInvalide
from ..domain.versions import VersionInvalide
from ..domain.visite import VisiteRefusee
from ..domain.workflow import TransitionInvalide
from ..maps.departement import CarteVide, EpciInconnu
from ..maps.layers import ColouringInconnue
from ..maps.simplify import CouvertureInvalide
from ..services.adhesions import AdhesionInvalide
from ..services.campagnes import CampagneInvalide
from ..services.candidatures.dossiers import (
    CandidatureRefusee,
    ConflitEdition,
    DossierIncomplet,
    TexteTropLong,
)
from ..services.candidatures.pieces import PieceRefusee
from ..services.commission.seance import CommissionRefusee
from ..services.comptes.connexions import ConnexionRalentie
from ..services.comptes.invitations import InvitationInvalide
from ..services.comptes.motdepasse import LienInvalide
from ..services.comptes.utilisateurs import CompteInvalide
from ..services.diagnostic.imports import FichierPartiel
from ..services.eligibilite import CommuneInconnue
from ..services.patrimoine import ElementIntrouvable, PatrimoineConflit, PatrimoineInterdit
from ..services.patrimoine.photos import PhotoRefusee
from ..services.plans.store import ActionIntrouvable, PlanConflit, PlanIntrouvable, PlanInvalide
from ..services.referentiel import DepartementIntrouvable
from ..services.sauvegarde.format import SauvegardeInvalide

# Every refusal the views meet, grouped by status. The status is the class's own (``status``
# on the class, :class:`~village_avenir.domain.refus.Refus`): this table reads it, so a class and
# the table cannot disagree; ``tests/web/test_refus.py`` checks the grouping against it.
REFUS: tuple[type[Refus], ...] = (
    # 400: the request is refused as it stands (a value, a form, a state that forbids it)
    AdhesionInvalide,
    CampagneInvalide,
    CandidatureRefusee,
    TexteTropLong,
    DossierIncomplet,
    CommissionRefusee,
    CompteInvalide,
    InvitationInvalide,
    LienInvalide,
    PieceRefusee,
    PhotoRefusee,
    VisiteRefusee,
    SaisieInvalide,
    PonderationInvalide,
    PlanInvalide,
    BesoinsInvalides,
    ProjetInvalide,
    FinancementInvalide,
    PlacementInvalide,
    PatrimoineInvalide,
    GeometrieInvalide,
    CodeInseeInvalide,
    ColouringInconnue,
    EpciInconnu,
    FichierPartiel,
    # 404: what is asked for does not exist
    CommuneInconnue,
    DepartementIntrouvable,
    PlanIntrouvable,
    ActionIntrouvable,
    CarteVide,
    ElementIntrouvable,
    Introuvable,
    # 409: someone else changed it first, or its state forbids the step
    PlanConflit,
    ConflitEdition,
    ChoixManquant,
    TransitionInvalide,
    PatrimoineConflit,
    # 403: the account may not touch this commune's inventory
    PatrimoineInterdit,
    # 429: too many failed logins
    ConnexionRalentie,
)

STATUTS: dict[type[Exception], int] = {
    Refus: Refus.status,
    **{cls: cls.status for cls in REFUS},
    # A plain LookupError (a KeyError…) caught by ``act``/``show_on`` is a 404, as before the
    # base class; the services raise :class:`Introuvable` for a row asked for by its number.
    LookupError: 404,
}

# Raised when a configuration or backup file is read, or the map outlines are built (at
# start-up, by the command line): the server's files are wrong, not the request; never answered
# as a refusal.
HORS_WEB: frozenset[type[Exception]] = frozenset(
    {
        ReglesInvalides,
        CatalogueIndicateursInvalide,
        ParametresCandidatureInvalides,
        CatalogueActionsInvalide,
        CorrespondanceInvalide,
        CoutInvalide,
        SauvegardeInvalide,
        CouvertureInvalide,
        VersionInvalide,
    }
)


def status_of(exc: BaseException) -> int:
    """The HTTP status of a refusal: its class's ``status`` (:class:`Refus`), else the table's
    entry of its nearest parent (a plain ``LookupError``)."""
    if isinstance(exc, Refus):
        return exc.status
    for cls in type(exc).__mro__:
        if cls in STATUTS:
            return STATUTS[cls]
    raise LookupError(f"Refus sans statut HTTP : {type(exc).__name__}") from exc


def show_on(form_or_field, exc: Exception) -> int:
    """Add the French message of a refusal to the errors of a WTForms form (``form_errors``,
    shown above its fields) or of one field; return the refusal's status for the form shown
    again."""
    if hasattr(form_or_field, "form_errors"):
        form_or_field.form_errors.append(str(exc))
    else:
        form_or_field.errors = [*form_or_field.errors, str(exc)]
    return status_of(exc)


def act(
    call: Callable[[], Any],
    *,
    refus: type[Exception] | tuple[type[Exception], ...],
    succes: str | Callable[[Any], str],
    suite: str,
    page: Callable[[int], Any] | None = None,
    status: int | None = None,
):
    """The « call the service, flash, redirect » shape of a form action.

    ``call()`` runs the service. On a refusal among ``refus`` (a class or a tuple), its French
    message is flashed as an error and the answer is ``page(status)`` (the form again, with the
    table's status unless ``status`` is given) or, without ``page``, a redirect to ``suite``.
    Otherwise ``succes`` (a text, or a function of what the service returned) is flashed and
    the answer is a redirect to ``suite``.
    """
    try:
        result = call()
    except refus as exc:
        flash(str(exc), "erreur")
        if page is not None:
            return page(status or status_of(exc))
        return redirect(suite)
    flash(succes(result) if callable(succes) else succes, "succes")
    return redirect(suite)
