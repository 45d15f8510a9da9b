"""Courriels : boîte d'envoi, réinitialisation du mot de passe, invitations révocables et
par rôle, appels à candidatures clos (issue 12 ; issue 14, point 7).

Adds the tables ``courriel`` (outbox) and ``reinitialisation`` (password-reset tokens), the
columns ``invitation.role`` (existing invitations: « commune »), ``invitation.revoquee_le``,
``invitation.commune_code`` becomes optional (engineers and
administrators are invited too).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 13:07:08.292885

Frozen: use plain SQLAlchemy types (sa.String, not sqlmodel's AutoString) and never import
the application's models here; a migration must keep working when the models change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "courriel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("genre", sa.String(length=40), nullable=False),
        sa.Column("destinataire", sa.String(length=254), nullable=False),
        sa.Column("sujet", sa.String(length=300), nullable=False),
        sa.Column("texte", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("objet", sa.String(length=80), nullable=True),
        sa.Column("message_id", sa.String(length=200), nullable=False),
        sa.Column("statut", sa.String(length=20), nullable=False),
        sa.Column("tentatives", sa.Integer(), nullable=False),
        sa.Column("prochain_essai", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verrou_jusqua", sa.DateTime(timezone=True), nullable=True),
        sa.Column("derniere_erreur", sa.String(length=500), nullable=True),
        sa.Column("cree_le", sa.DateTime(timezone=True), nullable=False),
        sa.Column("envoye_le", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("message_id"),
    )
    with op.batch_alter_table("courriel", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_courriel_destinataire"), ["destinataire"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_courriel_genre"), ["genre"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_courriel_prochain_essai"), ["prochain_essai"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_courriel_statut"), ["statut"], unique=False)

    op.create_table(
        "reinitialisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("utilisateur_id", sa.Integer(), nullable=False),
        sa.Column("jeton_hash", sa.String(length=64), nullable=False),
        sa.Column("expire_le", sa.DateTime(timezone=True), nullable=False),
        sa.Column("utilisee_le", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cree_le", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["utilisateur_id"],
            ["utilisateur.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reinitialisation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reinitialisation_jeton_hash"), ["jeton_hash"], unique=True
        )
        batch_op.create_index(
            batch_op.f("ix_reinitialisation_utilisateur_id"), ["utilisateur_id"], unique=False
        )

    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("role", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("revoquee_le", sa.DateTime(timezone=True), nullable=True))
        batch_op.alter_column("commune_code", existing_type=sa.VARCHAR(), nullable=True)
    invitation = sa.table("invitation", sa.column("role", sa.String))
    op.get_bind().execute(invitation.update().values(role="commune"))
    with op.batch_alter_table("invitation") as batch_op:
        batch_op.alter_column("role", existing_type=sa.String(length=20), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.alter_column("commune_code", existing_type=sa.VARCHAR(), nullable=False)
        batch_op.drop_column("revoquee_le")
        batch_op.drop_column("role")

    with op.batch_alter_table("reinitialisation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reinitialisation_utilisateur_id"))
        batch_op.drop_index(batch_op.f("ix_reinitialisation_jeton_hash"))

    op.drop_table("reinitialisation")
    with op.batch_alter_table("courriel", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_courriel_statut"))
        batch_op.drop_index(batch_op.f("ix_courriel_prochain_essai"))
        batch_op.drop_index(batch_op.f("ix_courriel_genre"))
        batch_op.drop_index(batch_op.f("ix_courriel_destinataire"))

    op.drop_table("courriel")
