"""Jeton de session par compte : le renouveler déconnecte tous les appareils.

Adds ``utilisateur.jeton_session`` (non-null). Existing accounts each get their own fresh
random value; their users must log in again once (old cookies carry no token).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 01:30:00

Frozen: use plain SQLAlchemy types and never import the application's models here.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("utilisateur") as batch_op:
        batch_op.add_column(sa.Column("jeton_session", sa.String(length=64), nullable=True))
    utilisateur = sa.table("utilisateur", sa.column("id", sa.Integer), sa.column("jeton_session"))
    conn = op.get_bind()
    for (user_id,) in conn.execute(sa.select(utilisateur.c.id)).all():
        conn.execute(
            utilisateur.update()
            .where(utilisateur.c.id == user_id)
            .values(jeton_session=secrets.token_urlsafe(32))
        )
    with op.batch_alter_table("utilisateur") as batch_op:
        batch_op.alter_column("jeton_session", existing_type=sa.String(length=64), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("utilisateur") as batch_op:
        batch_op.drop_column("jeton_session")
