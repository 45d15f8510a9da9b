"""Strategic plans, versioned: each saved state of a commune's plan is a dated snapshot.

A change (proposal, addition, removal, move, budget…) never edits a snapshot: it writes a new
``PlanVersion`` (``numero`` + 1) holding a copy of every action with the change applied, so
every old version stays viewable as it was. ``PlanAction.cle`` identifies an action across
versions. Geometries are WKB (WGS84 lon/lat), like the referential's.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .audit import utcnow


class PlanVersion(SQLModel, table=True):
    __tablename__ = "plan_version"
    __table_args__ = (UniqueConstraint("code_insee", "numero"),)

    id: int | None = Field(default=None, primary_key=True)
    code_insee: str = Field(foreign_key="commune.code_insee", index=True, max_length=5)
    numero: int
    cree_le: datetime = Field(default_factory=utcnow)
    cree_par: str
    changement: str = Field(sa_column=Column(Text))
    catalogue_version: str = Field(max_length=20)
    # Needs the plan was proposed from (JSON list of {domaine, besoin, intensite, source}).
    besoins: str = Field(default="[]", sa_column=Column(Text))


class PlanAction(SQLModel, table=True):
    __tablename__ = "plan_action"
    __table_args__ = (UniqueConstraint("version_id", "cle"),)

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="plan_version.id", index=True)
    cle: int
    action_id: str = Field(max_length=60)
    libelle: str = Field(sa_column=Column(Text))
    domaine: str = Field(max_length=20)
    besoin: str = Field(max_length=60)
    besoin_libelle: str = Field(sa_column=Column(Text))
    intensite: int | None = None
    source_besoin: str = Field(sa_column=Column(Text))
    regle: str = Field(default="", sa_column=Column(Text))
    horizon: str = Field(max_length=10)
    cout_min: int | None = None
    cout_max: int | None = None
    financeurs: str = Field(default="[]", sa_column=Column(Text))  # JSON list of codes
    budget: int | None = None
    porteur: str | None = Field(default=None, max_length=200)
    statut: str = Field(default="prevue", max_length=12)
    geometry: bytes | None = Field(default=None, sa_column=Column(LargeBinary))
