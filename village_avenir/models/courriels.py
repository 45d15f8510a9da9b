"""The outbox: every e-mail the application sends is first a row here, written in the same
transaction as the change that causes it (``services.courriels.messages.queue``); the sender
(``flask envoyer-courriels``, ``services.courriels.envoi``) delivers it later and records the outcome.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from .audit import utcnow

EN_ATTENTE, ENVOYE, ECHEC = "en_attente", "envoye", "echec"


class Courriel(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    genre: str = Field(max_length=40, index=True)  # invitation, depot, decision, …
    destinataire: str = Field(max_length=254, index=True)
    sujet: str = Field(max_length=300)
    texte: str = Field(sa_column=Column(Text, nullable=False))
    html: str = Field(sa_column=Column(Text, nullable=False))
    # What caused it (e.g. « candidature:12 »), for the administrators' list.
    objet: str | None = Field(default=None, max_length=80)
    # Stable Message-ID: a message re-sent after a crash keeps it, so mail servers and
    # readers can recognise the duplicate.
    message_id: str = Field(max_length=200, unique=True)
    statut: str = Field(default=EN_ATTENTE, max_length=20, index=True)
    tentatives: int = 0
    prochain_essai: datetime = Field(default_factory=utcnow, index=True)
    # A sender working on the row holds it until then (several senders never send it twice).
    verrou_jusqua: datetime | None = None
    derniere_erreur: str | None = Field(default=None, max_length=500)
    cree_le: datetime = Field(default_factory=utcnow)
    envoye_le: datetime | None = None
