"""Referential tables: communes, EPCI, communes déléguées, scheme memberships.

Geometries are stored as WKB (WGS84 lon/lat) in a binary column, which works the same on
SQLite and PostgreSQL; the domain reads them with Shapely.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .audit import utcnow


class Epci(SQLModel, table=True):
    """Établissement public de coopération intercommunale (SIREN code)."""

    code: str = Field(primary_key=True, max_length=9)
    nom: str
    type: str | None = None


class Commune(SQLModel, table=True):
    """A current commune (INSEE type COM) of the referential."""

    code_insee: str = Field(primary_key=True, max_length=5)
    nom: str = Field(index=True)
    departement: str = Field(index=True, max_length=3)
    population: int | None = None
    population_annee: str | None = None
    epci_code: str | None = Field(default=None, foreign_key="epci.code", index=True)
    geometry: bytes | None = Field(default=None, sa_column=Column(LargeBinary))
    mairie: bytes | None = Field(default=None, sa_column=Column(LargeBinary))
    mairie_adresse: str | None = None
    mairie_horaires: str | None = Field(default=None, sa_column=Column(Text))
    mairie_telephone: str | None = None
    mairie_email: str | None = None
    mairie_site: str | None = None
    source: str
    # The legal-population release the figure comes from (added by migration 0003).
    population_source: str | None = None
    # Official area (INSEE SUPERF, km²) used for the density, and since when the commune
    # exists when it was created after the first eligibility rules (added by 0007).
    superficie_km2: float | None = None
    superficie_source: str | None = None
    date_creation: date | None = None
    date_creation_source: str | None = None


class CommuneDeleguee(SQLModel, table=True):
    """An old commune code (commune déléguée or associée) and its current commune."""

    code_insee: str = Field(primary_key=True, max_length=5)
    nom: str
    type: str = Field(max_length=4)
    commune_code: str = Field(foreign_key="commune.code_insee", index=True)


class Adhesion(SQLModel, table=True):
    """A commune's membership of a scheme, with its source, evidence level and history.

    Rows are never deleted: an engineer who removes a membership sets ``actif`` to False
    with a reason, so the eligibility of an old decision can be traced.
    """

    __table_args__ = (UniqueConstraint("code_insee", "programme", "source"),)

    id: int | None = Field(default=None, primary_key=True)
    code_insee: str = Field(foreign_key="commune.code_insee", index=True)
    programme: str = Field(index=True, max_length=20)
    niveau_preuve: str = Field(max_length=40)
    source: str
    source_url: str | None = None
    date_source: str | None = Field(default=None, max_length=20)
    preuve: str | None = Field(default=None, sa_column=Column(Text))
    actif: bool = True
    cree_par: str
    cree_le: datetime = Field(default_factory=utcnow)
    modifie_par: str | None = None
    modifie_le: datetime | None = None
    motif: str | None = Field(default=None, sa_column=Column(Text))
    # The dated list the row was read from (e.g. « pvd-2021-01 »; see eligibilite.toml), and
    # the membership's start and end when known. A rules version names the list it uses.
    liste: str | None = Field(default=None, max_length=40)
    debut: date | None = None
    fin: date | None = None
