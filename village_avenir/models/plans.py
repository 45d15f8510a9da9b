"""Strategic plans, versioned: each saved state of a commune's plan is a dated snapshot.

A change (proposal, addition, removal, move, budget…) never edits a snapshot: it writes a new
``PlanVersion`` (``numero`` + 1) holding a copy of every action with the change applied, so
every old version stays viewable as it was. ``PlanAction.cle`` identifies an action across
versions. Geometries are WKB (WGS84 lon/lat), like the referential's.
"""

from __future__ import annotations

from datetime import date, datetime

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
    # The projet stratégique around the actions (JSON, ``domain.projet.Projet``); "" = not
    # written yet (the page proposes one from the figures).
    projet: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    # Validation: a validated version is the one the council adopts (never changed after).
    validee_le: datetime | None = None
    validee_par: str | None = Field(default=None, max_length=254)
    # The council's deliberation (PDF, ``services.candidatures.pieces``) attached to a validated version.
    deliberation_fichier: str | None = Field(default=None, max_length=64)
    deliberation_nom: str | None = Field(default=None, max_length=200)
    deliberation_taille: int | None = None
    deliberation_sha256: str | None = Field(default=None, max_length=64)
    deliberation_le: datetime | None = None
    deliberation_par: str | None = Field(default=None, max_length=254)


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
    # Fiche-action (projet stratégique); "" = the page shows the proposed default.
    objectif: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    partenaires: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    calendrier: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    indicateur: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    # Financing plan: JSON {"lignes": [[code, taux], …], "derogation": "…"}; "" = proposed.
    financement: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class PlanSuivi(SQLModel, table=True):
    """One follow-up status of an action of a commune's validated plan (``cle``), dated.

    An engineer's entry is ``validee`` at once; a commune's is ``proposee`` until an engineer
    accepts (``validee``) or refuses (``refusee``) it, like declared values. The action's
    status is its latest ``validee`` entry (by ``date_statut``, then id)."""

    __tablename__ = "plan_suivi"

    id: int | None = Field(default=None, primary_key=True)
    code_insee: str = Field(foreign_key="commune.code_insee", index=True, max_length=5)
    cle: int
    statut: str = Field(max_length=12)
    date_statut: date
    motif: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    etat: str = Field(default="validee", max_length=10)  # proposee, validee, refusee
    propose_par: str = Field(max_length=254)
    propose_le: datetime = Field(default_factory=utcnow)
    decide_par: str | None = Field(default=None, max_length=254)
    decide_le: datetime | None = None
    reponse: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class PlanRevue(SQLModel, table=True):
    """The yearly review of a commune's plan: progress in words and the counts by status."""

    __tablename__ = "plan_revue"
    __table_args__ = (UniqueConstraint("code_insee", "annee"),)

    id: int | None = Field(default=None, primary_key=True)
    code_insee: str = Field(foreign_key="commune.code_insee", index=True, max_length=5)
    annee: int
    version_id: int = Field(foreign_key="plan_version.id")
    bilan: str = Field(sa_column=Column(Text, nullable=False))
    comptes: str = Field(default="{}", sa_column=Column(Text, nullable=False))  # JSON by status
    cree_par: str = Field(max_length=254)
    cree_le: datetime = Field(default_factory=utcnow)
