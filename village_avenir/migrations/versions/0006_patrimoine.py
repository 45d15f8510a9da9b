"""Inventaire du patrimoine (issue 22) : visites, éléments, photos.

Adds the tables ``patrimoine_visite``, ``patrimoine_element`` and ``patrimoine_photo``
(vocabularies in ``domain/patrimoine.py``); nothing existing changes.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 04:11:20.779530

Frozen: use plain SQLAlchemy types (sa.String, not sqlmodel's AutoString) and never import
the application's models here; a migration must keep working when the models change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "patrimoine_visite",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_insee", sa.String(length=5), nullable=False),
        sa.Column("date_visite", sa.Date(), nullable=False),
        sa.Column("participants", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("client_uid", sa.String(length=64), nullable=True),
        sa.Column("cree_par", sa.String(), nullable=False),
        sa.Column("cree_le", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["code_insee"],
            ["commune.code_insee"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("client_uid"),
    )
    with op.batch_alter_table("patrimoine_visite", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_patrimoine_visite_code_insee"), ["code_insee"], unique=False
        )

    op.create_table(
        "patrimoine_element",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_insee", sa.String(length=5), nullable=False),
        sa.Column("nom", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=30), nullable=False),
        sa.Column("type_autre", sa.String(length=100), nullable=True),
        sa.Column("protection", sa.String(length=20), nullable=False),
        sa.Column("proprietaire", sa.String(length=20), nullable=False),
        sa.Column("etat", sa.String(length=20), nullable=False),
        sa.Column("usage", sa.String(length=20), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("cout_min", sa.Integer(), nullable=True),
        sa.Column("cout_max", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("source_detail", sa.Text(), nullable=False),
        sa.Column("ref_merimee", sa.String(length=20), nullable=True),
        sa.Column("visite_id", sa.Integer(), nullable=True),
        sa.Column("statut", sa.String(length=20), nullable=False),
        sa.Column("client_uid", sa.String(length=64), nullable=True),
        sa.Column("cree_par", sa.String(), nullable=False),
        sa.Column("cree_le", sa.DateTime(timezone=True), nullable=False),
        sa.Column("modifie_par", sa.String(), nullable=True),
        sa.Column("modifie_le", sa.DateTime(timezone=True), nullable=True),
        sa.Column("valide_par", sa.String(), nullable=True),
        sa.Column("valide_le", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["code_insee"],
            ["commune.code_insee"],
        ),
        sa.ForeignKeyConstraint(
            ["visite_id"],
            ["patrimoine_visite.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("client_uid"),
        sa.UniqueConstraint("code_insee", "ref_merimee"),
    )
    with op.batch_alter_table("patrimoine_element", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_patrimoine_element_code_insee"), ["code_insee"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_patrimoine_element_visite_id"), ["visite_id"], unique=False
        )

    op.create_table(
        "patrimoine_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("element_id", sa.Integer(), nullable=False),
        sa.Column("fichier", sa.String(length=80), nullable=False),
        sa.Column("type_mime", sa.String(length=40), nullable=False),
        sa.Column("taille", sa.Integer(), nullable=False),
        sa.Column("largeur", sa.Integer(), nullable=True),
        sa.Column("hauteur", sa.Integer(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("legende", sa.String(length=300), nullable=False),
        sa.Column("client_uid", sa.String(length=64), nullable=True),
        sa.Column("cree_par", sa.String(), nullable=False),
        sa.Column("cree_le", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["element_id"],
            ["patrimoine_element.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("client_uid"),
        sa.UniqueConstraint("fichier"),
    )
    with op.batch_alter_table("patrimoine_photo", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_patrimoine_photo_element_id"), ["element_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("patrimoine_photo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patrimoine_photo_element_id"))

    op.drop_table("patrimoine_photo")
    with op.batch_alter_table("patrimoine_element", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patrimoine_element_visite_id"))
        batch_op.drop_index(batch_op.f("ix_patrimoine_element_code_insee"))

    op.drop_table("patrimoine_element")
    with op.batch_alter_table("patrimoine_visite", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patrimoine_visite_code_insee"))

    op.drop_table("patrimoine_visite")
