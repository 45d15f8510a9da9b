"""Calls for applications (campagnes), applications (candidatures) and their exchanges.

An application belongs to a commune (not to a person). Its form content is stored as the
raw JSON of what was typed, so that a draft never loses anything, even invalid input.
``version`` is SQLAlchemy's optimistic-locking column: a stale write raises StaleDataError.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .audit import utcnow

_version_col = Column("version", Integer, nullable=False, default=1)


class Campagne(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    nom: str = Field(max_length=200)
    ouverture: date
    cloture: date
    regles_version: str = Field(max_length=40)
    cree_par: str
    cree_le: datetime = Field(default_factory=utcnow)


class Candidature(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("campagne_id", "code_insee"),)
    __mapper_args__ = {"version_id_col": _version_col}

    id: int | None = Field(default=None, primary_key=True)
    campagne_id: int = Field(foreign_key="campagne.id", index=True)
    code_insee: str = Field(foreign_key="commune.code_insee", index=True, max_length=5)
    etat: str = Field(default="brouillon", max_length=30, index=True)
    etat_depuis: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=_version_col)
    contenu: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    # Eligibility status when the application was deposited (« a_verifier » flags it).
    eligibilite_au_depot: str | None = Field(default=None, max_length=20)
    deliberation_fichier: str | None = Field(default=None, max_length=80)
    deliberation_nom: str | None = Field(default=None, max_length=255)
    deliberation_taille: int | None = None
    deliberation_sha256: str | None = Field(default=None, max_length=64)
    decision_motif: str | None = Field(default=None, sa_column=Column(Text))
    cree_par: str
    cree_le: datetime = Field(default_factory=utcnow)
    modifie_le: datetime = Field(default_factory=utcnow)
    deposee_le: datetime | None = None


class Echange(SQLModel, table=True):
    """A private note of the Département (``note``), a message to the commune (``message``)
    or the commune's reply (``reponse``)."""

    id: int | None = Field(default=None, primary_key=True)
    candidature_id: int = Field(foreign_key="candidature.id", index=True)
    genre: str = Field(max_length=10)
    auteur: str
    texte: str = Field(sa_column=Column(Text, nullable=False))
    quand: datetime = Field(default_factory=utcnow)
