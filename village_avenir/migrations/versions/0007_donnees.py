"""Superficie officielle et date de création des communes.

Adds ``commune.superficie_km2`` and ``commune.superficie_source`` (INSEE's official area
SUPERF, used for the density instead of the generalised outline's area) and
``commune.date_creation`` / ``commune.date_creation_source`` (a commune nouvelle created after
a rules date gets no verdict at that date). All nullable: reloading the referential
(``flask import-communes``) fills them; until then density falls back to the outline.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 05:00:00

Frozen: use plain SQLAlchemy types and never import the application's models here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("commune") as batch_op:
        batch_op.add_column(sa.Column("superficie_km2", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("superficie_source", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("date_creation", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("date_creation_source", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("commune") as batch_op:
        batch_op.drop_column("date_creation_source")
        batch_op.drop_column("date_creation")
        batch_op.drop_column("superficie_source")
        batch_op.drop_column("superficie_km2")
