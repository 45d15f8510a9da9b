"""Éligibilité datée : source de la population, listes et dates des adhésions.

Adds ``commune.population_source`` (the legal-population release a figure comes from),
``adhesion.liste`` (the dated programme list a membership was read from, e.g. the PVD list
of January 2021), ``adhesion.debut`` and ``adhesion.fin`` (membership start and end, when
known). All nullable: existing rows keep working and are judged as before.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 13:20:00

Frozen: use plain SQLAlchemy types and never import the application's models here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("commune") as batch_op:
        batch_op.add_column(sa.Column("population_source", sa.String(), nullable=True))
    with op.batch_alter_table("adhesion") as batch_op:
        batch_op.add_column(sa.Column("liste", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("debut", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("fin", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("adhesion") as batch_op:
        batch_op.drop_column("fin")
        batch_op.drop_column("debut")
        batch_op.drop_column("liste")
    with op.batch_alter_table("commune") as batch_op:
        batch_op.drop_column("population_source")
