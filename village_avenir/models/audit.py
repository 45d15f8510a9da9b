"""The audit trail table, written only through ``services.audit.record``."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class Journal(SQLModel, table=True):
    """Audit trail: who changed what, when, from which values to which (JSON)."""

    id: int | None = Field(default=None, primary_key=True)
    quand: datetime = Field(default_factory=utcnow, index=True)
    qui: str
    action: str = Field(max_length=40)
    objet: str = Field(max_length=40, index=True)
    objet_id: str = Field(index=True)
    code_insee: str | None = Field(default=None, index=True, max_length=5)
    avant: str | None = Field(default=None, sa_column=Column(Text))
    apres: str | None = Field(default=None, sa_column=Column(Text))
    motif: str | None = Field(default=None, sa_column=Column(Text))
