"""Sessions par appareil (issue 23) : « Se déconnecter » ne ferme que cet appareil.

Adds the table ``session_appareil`` (one row per login on a device: the SHA-256 of the
device token that the cookie carries, opened/closed times). Cookies issued before carry no
device token: their users log in again once. Nothing existing changes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 04:30:00

Frozen: use plain SQLAlchemy types and never import the application's models here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "session_appareil",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("utilisateur_id", sa.Integer(), nullable=False),
        sa.Column("jeton_hash", sa.String(length=64), nullable=False),
        sa.Column("ouverte_le", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fermee_le", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["utilisateur_id"], ["utilisateur.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("session_appareil") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_appareil_jeton_hash"), ["jeton_hash"], unique=True
        )
        batch_op.create_index(
            batch_op.f("ix_session_appareil_utilisateur_id"), ["utilisateur_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("session_appareil") as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_appareil_utilisateur_id"))
        batch_op.drop_index(batch_op.f("ix_session_appareil_jeton_hash"))
    op.drop_table("session_appareil")
