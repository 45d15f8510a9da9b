"""Load the shipped data of a département in the current app context, as ``flask init-db``
does on an empty database (the referential and memberships, then the indicators)."""

from __future__ import annotations

from village_avenir.db import get_session
from village_avenir.services.diagnostic.imports import load_shipped_indicateurs
from village_avenir.services.referentiel import load_departement as _load_referentiel

QUI = "tests"


def load_departement(departement: str = "46") -> list[str]:
    """The referential and scheme memberships of ``departement`` (report lines)."""
    return _load_referentiel(get_session(), departement, qui=QUI)


def load_indicateurs(departement: str = "46") -> list[str]:
    """The shipped indicators of ``departement`` and the first snapshot (report lines)."""
    return load_shipped_indicateurs(get_session(), departement, qui=QUI)
