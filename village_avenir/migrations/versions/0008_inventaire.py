"""Inventaire du patrimoine : date à laquelle l'état d'un élément a été constaté.

Adds ``patrimoine_element.date_etat`` (nullable: an item whose state was never seen, such as
a Mérimée row before the visit, has none). Nothing existing changes.

Revision ID: 0008
Revises: 0007

Frozen: plain SQLAlchemy types; never import the application's models here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("patrimoine_element") as batch:
        batch.add_column(sa.Column("date_etat", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("patrimoine_element") as batch:
        batch.drop_column("date_etat")
