"""Selection committee (issue 15): the engineer's opinion on each application, the committee
session of a campaign with its frozen pack, and the decisions taken in session.

The pack (``SeanceCommission.dossier``) is a JSON copy of exactly what the committee saw:
once frozen it is never rewritten, so the session page and its PDF show the same thing after
the data change.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .audit import utcnow


class AvisInstruction(SQLModel, table=True):
    """The engineer's opinion on one application (one current opinion; the journal keeps the
    previous ones). Distinct from the internal notes (``Echange``)."""

    id: int | None = Field(default=None, primary_key=True)
    candidature_id: int = Field(foreign_key="candidature.id", unique=True)
    avis: str = Field(max_length=20)  # favorable / reserve / defavorable
    motivation: str = Field(sa_column=Column(Text, nullable=False))
    enjeux: str = Field(default="", sa_column=Column(Text, nullable=False))
    par: str
    le: datetime = Field(default_factory=utcnow)


class SeanceCommission(SQLModel, table=True):
    """The committee session of a campaign (one per campaign)."""

    id: int | None = Field(default=None, primary_key=True)
    campagne_id: int = Field(foreign_key="campagne.id", unique=True)
    date_seance: date
    membres: str = Field(default="", sa_column=Column(Text, nullable=False))
    # JSON list of application ids, in the order of the agenda.
    ordre_du_jour: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    dossier: str | None = Field(default=None, sa_column=Column(Text))  # frozen pack (JSON)
    arrete_le: datetime | None = None
    arrete_par: str | None = None
    cree_par: str
    cree_le: datetime = Field(default_factory=utcnow)


class DecisionCommission(SQLModel, table=True):
    """A decision taken in session on one application of the frozen pack."""

    __table_args__ = (UniqueConstraint("seance_id", "candidature_id"),)

    id: int | None = Field(default=None, primary_key=True)
    seance_id: int = Field(foreign_key="seancecommission.id", index=True)
    candidature_id: int = Field(foreign_key="candidature.id")
    decision: str = Field(max_length=20)  # retenue / non_retenue / ajournee
    motivation: str = Field(sa_column=Column(Text, nullable=False))
    par: str
    le: datetime = Field(default_factory=utcnow)
