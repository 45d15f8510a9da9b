"""Heritage inventory tables: visits, items, photos (vocabularies in ``domain/patrimoine.py``).

An item is edited in place (``version`` + 1 at each save, for conflict detection) and every
change is journaled by the services with its before/after. ``client_uid`` is the identifier a
phone gives an entry made offline: the server stores an entry once per ``client_uid``, so an
entry sent twice (network back, retry, fresh login) is never doubled.
Photos are files outside the static folder (``fichier`` is the stored name, never a path).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .audit import utcnow


class PatrimoineVisite(SQLModel, table=True):
    """An on-site visit: date, participants (JSON list of ``PARTICIPANTS`` codes), notes."""

    __tablename__ = "patrimoine_visite"

    id: int | None = Field(default=None, primary_key=True)
    code_insee: str = Field(foreign_key="commune.code_insee", index=True, max_length=5)
    date_visite: date
    participants: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    notes: str = Field(default="", sa_column=Column(Text, nullable=False))
    client_uid: str | None = Field(default=None, max_length=64, unique=True)
    cree_par: str
    cree_le: datetime = Field(default_factory=utcnow)
    version: int = 1


class PatrimoineElement(SQLModel, table=True):
    """One heritage item of a commune, with its provenance (``source`` + ``source_detail``)."""

    __tablename__ = "patrimoine_element"
    __table_args__ = (UniqueConstraint("code_insee", "ref_merimee"),)

    id: int | None = Field(default=None, primary_key=True)
    code_insee: str = Field(foreign_key="commune.code_insee", index=True, max_length=5)
    nom: str = Field(max_length=200)
    type: str = Field(max_length=30)
    type_autre: str | None = Field(default=None, max_length=100)
    protection: str = Field(default="non_protege", max_length=20)
    proprietaire: str = Field(default="commune", max_length=20)
    etat: str = Field(default="non_evalue", max_length=20)
    usage: str = Field(default="inconnu", max_length=20)
    longitude: float | None = None
    latitude: float | None = None
    notes: str = Field(default="", sa_column=Column(Text, nullable=False))
    cout_min: int | None = None
    cout_max: int | None = None
    source: str = Field(max_length=20)
    # « visite du 12/05/2026 », the imported file's name and line, the Mérimée reference…
    source_detail: str = Field(default="", sa_column=Column(Text, nullable=False))
    ref_merimee: str | None = Field(default=None, max_length=20)
    visite_id: int | None = Field(default=None, foreign_key="patrimoine_visite.id", index=True)
    statut: str = Field(default="valide", max_length=20)
    client_uid: str | None = Field(default=None, max_length=64, unique=True)
    cree_par: str
    cree_le: datetime = Field(default_factory=utcnow)
    modifie_par: str | None = None
    modifie_le: datetime | None = None
    valide_par: str | None = None
    valide_le: datetime | None = None
    version: int = 1
    # The day the state was seen (a visit, the inventory file's ``date_visite``): the
    # heritage need's « inventaire du <date> » (added by migration 0008, hence last).
    date_etat: date | None = None


class PatrimoinePhoto(SQLModel, table=True):
    """A photo of an item, already reduced on the phone (JPEG, position kept)."""

    __tablename__ = "patrimoine_photo"

    id: int | None = Field(default=None, primary_key=True)
    element_id: int = Field(foreign_key="patrimoine_element.id", index=True)
    fichier: str = Field(max_length=80, unique=True)
    type_mime: str = Field(max_length=40)
    taille: int
    largeur: int | None = None
    hauteur: int | None = None
    longitude: float | None = None
    latitude: float | None = None
    legende: str = Field(default="", max_length=300)
    client_uid: str | None = Field(default=None, max_length=64, unique=True)
    cree_par: str
    cree_le: datetime = Field(default_factory=utcnow)
