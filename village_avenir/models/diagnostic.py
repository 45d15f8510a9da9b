"""Diagnostic tables: indicator values, weight versions, scoring snapshots, score overrides.

Nothing here is overwritten silently: values keep who/when/source (and the journal keeps the
previous value), weight versions and snapshots are append-only, overrides are deactivated
rather than deleted.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from .audit import utcnow

ORIGINES = {
    "importee": "importée",
    "declaree": "déclarée par la commune",
    "evaluee": "évaluée par un ingénieur",
}


class ValeurIndicateur(SQLModel, table=True):
    """One raw datum (``donnee`` of the catalogue) of one commune, with its provenance."""

    code_insee: str = Field(foreign_key="commune.code_insee", primary_key=True, max_length=5)
    donnee: str = Field(primary_key=True, max_length=60)
    valeur: float
    annee: str | None = Field(default=None, max_length=20)
    source: str
    origine: str = Field(max_length=20)
    # "valide" values enter the scores; a commune's declaration waits for an engineer.
    statut: str = Field(default="valide", max_length=20)
    saisi_par: str
    saisi_le: datetime = Field(default_factory=utcnow)
    valide_par: str | None = None
    valide_le: datetime | None = None


class VersionPonderation(SQLModel, table=True):
    """A dated set of weights (JSON: {"indicateurs": {...}, "domaines": {...}})."""

    id: int | None = Field(default=None, primary_key=True)
    cree_le: datetime = Field(default_factory=utcnow, index=True)
    cree_par: str
    motif: str = Field(sa_column=Column(Text, nullable=False))
    normalisation: str = Field(default="percentile", max_length=20)
    poids: str = Field(sa_column=Column(Text, nullable=False))


class InstantaneDiagnostic(SQLModel, table=True):
    """A scoring run, frozen: the full result (scores, breakdown, years, overrides) as JSON."""

    id: int | None = Field(default=None, primary_key=True)
    cree_le: datetime = Field(default_factory=utcnow, index=True)
    cree_par: str
    motif: str = Field(sa_column=Column(Text, nullable=False))
    ponderation: str = Field(max_length=60)
    catalogue: str = Field(max_length=40)
    contenu: str = Field(sa_column=Column(Text, nullable=False))


class AjustementScore(SQLModel, table=True):
    """An engineer's override of a domain score, with the written reason."""

    id: int | None = Field(default=None, primary_key=True)
    code_insee: str = Field(foreign_key="commune.code_insee", index=True, max_length=5)
    domaine: str = Field(max_length=20)
    valeur: float
    valeur_calculee: float | None = None
    motif: str = Field(sa_column=Column(Text, nullable=False))
    cree_par: str
    cree_le: datetime = Field(default_factory=utcnow)
    actif: bool = True
    retire_par: str | None = None
    retire_le: datetime | None = None
