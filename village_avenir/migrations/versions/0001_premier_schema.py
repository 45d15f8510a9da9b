"""Premier schéma : les tables telles qu'à la fin de l'issue 5 (main, commit 8a93169).

A database created before migrations existed (``metadata.create_all``, no ``alembic_version``)
has exactly this schema: ``village_avenir.schema.upgrade_schema`` stamps it at 0001. Constraint
names are left to each database, as ``create_all`` did; indexes use SQLAlchemy's ``ix_`` names.

Revision ID: 0001
Revises:
Create Date: 2026-11-22 01:17:42.735425

Frozen: use plain SQLAlchemy types (sa.String, not sqlmodel's AutoString) and never import
the application's models here; a migration must keep working when the models change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campagne",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nom", sa.String(length=200), nullable=False),
        sa.Column("ouverture", sa.Date(), nullable=False),
        sa.Column("cloture", sa.Date(), nullable=False),
        sa.Column("regles_version", sa.String(length=40), nullable=False),
        sa.Column("cree_par", sa.String(), nullable=False),
        sa.Column("cree_le", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "epci",
        sa.Column("code", sa.String(length=9), nullable=False),
        sa.Column("nom", sa.String(), nullable=False),
        sa.Column("type", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "instantanediagnostic",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cree_le", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cree_par", sa.String(), nullable=False),
        sa.Column("motif", sa.Text(), nullable=False),
        sa.Column("ponderation", sa.String(length=60), nullable=False),
        sa.Column("catalogue", sa.String(length=40), nullable=False),
        sa.Column("contenu", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_instantanediagnostic_cree_le", "instantanediagnostic", ["cree_le"], unique=False
    )
    op.create_table(
        "journal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quand", sa.DateTime(timezone=True), nullable=False),
        sa.Column("qui", sa.String(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("objet", sa.String(length=40), nullable=False),
        sa.Column("objet_id", sa.String(), nullable=False),
        sa.Column("code_insee", sa.String(length=5), nullable=True),
        sa.Column("avant", sa.Text(), nullable=True),
        sa.Column("apres", sa.Text(), nullable=True),
        sa.Column("motif", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_journal_code_insee", "journal", ["code_insee"], unique=False)
    op.create_index("ix_journal_objet", "journal", ["objet"], unique=False)
    op.create_index("ix_journal_objet_id", "journal", ["objet_id"], unique=False)
    op.create_index("ix_journal_quand", "journal", ["quand"], unique=False)
    op.create_table(
        "tentativeconnexion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.Column("quand", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_tentativeconnexion_email", "tentativeconnexion", ["email"], unique=False)
    op.create_index("ix_tentativeconnexion_ip", "tentativeconnexion", ["ip"], unique=False)
    op.create_index("ix_tentativeconnexion_quand", "tentativeconnexion", ["quand"], unique=False)
    op.create_table(
        "versionponderation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cree_le", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cree_par", sa.String(), nullable=False),
        sa.Column("motif", sa.Text(), nullable=False),
        sa.Column("normalisation", sa.String(length=20), nullable=False),
        sa.Column("poids", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_versionponderation_cree_le", "versionponderation", ["cree_le"], unique=False
    )
    op.create_table(
        "commune",
        sa.Column("code_insee", sa.String(length=5), nullable=False),
        sa.Column("nom", sa.String(), nullable=False),
        sa.Column("departement", sa.String(length=3), nullable=False),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.Column("population_annee", sa.String(), nullable=True),
        sa.Column("epci_code", sa.String(), nullable=True),
        sa.Column("geometry", sa.LargeBinary(), nullable=True),
        sa.Column("mairie", sa.LargeBinary(), nullable=True),
        sa.Column("mairie_adresse", sa.String(), nullable=True),
        sa.Column("mairie_horaires", sa.Text(), nullable=True),
        sa.Column("mairie_telephone", sa.String(), nullable=True),
        sa.Column("mairie_email", sa.String(), nullable=True),
        sa.Column("mairie_site", sa.String(), nullable=True),
        sa.Column("source", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["epci_code"],
            ["epci.code"],
        ),
        sa.PrimaryKeyConstraint("code_insee"),
    )
    op.create_index("ix_commune_departement", "commune", ["departement"], unique=False)
    op.create_index("ix_commune_epci_code", "commune", ["epci_code"], unique=False)
    op.create_index("ix_commune_nom", "commune", ["nom"], unique=False)
    op.create_table(
        "adhesion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_insee", sa.String(), nullable=False),
        sa.Column("programme", sa.String(length=20), nullable=False),
        sa.Column("niveau_preuve", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("source_url", sa.String(), nullable=True),
        sa.Column("date_source", sa.String(length=20), nullable=True),
        sa.Column("preuve", sa.Text(), nullable=True),
        sa.Column("actif", sa.Boolean(), nullable=False),
        sa.Column("cree_par", sa.String(), nullable=False),
        sa.Column("cree_le", sa.DateTime(timezone=True), nullable=False),
        sa.Column("modifie_par", sa.String(), nullable=True),
        sa.Column("modifie_le", sa.DateTime(timezone=True), nullable=True),
        sa.Column("motif", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["code_insee"],
            ["commune.code_insee"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code_insee", "programme", "source"),
    )
    op.create_index("ix_adhesion_code_insee", "adhesion", ["code_insee"], unique=False)
    op.create_index("ix_adhesion_programme", "adhesion", ["programme"], unique=False)
    op.create_table(
        "ajustementscore",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_insee", sa.String(length=5), nullable=False),
        sa.Column("domaine", sa.String(length=20), nullable=False),
        sa.Column("valeur", sa.Float(), nullable=False),
        sa.Column("valeur_calculee", sa.Float(), nullable=True),
        sa.Column("motif", sa.Text(), nullable=False),
        sa.Column("cree_par", sa.String(), nullable=False),
        sa.Column("cree_le", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actif", sa.Boolean(), nullable=False),
        sa.Column("retire_par", sa.String(), nullable=True),
        sa.Column("retire_le", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["code_insee"],
            ["commune.code_insee"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_ajustementscore_code_insee", "ajustementscore", ["code_insee"], unique=False
    )
    op.create_table(
        "candidature",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campagne_id", sa.Integer(), nullable=False),
        sa.Column("code_insee", sa.String(length=5), nullable=False),
        sa.Column("etat", sa.String(length=30), nullable=False),
        sa.Column("etat_depuis", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("contenu", sa.Text(), nullable=False),
        sa.Column("eligibilite_au_depot", sa.String(length=20), nullable=True),
        sa.Column("deliberation_fichier", sa.String(length=80), nullable=True),
        sa.Column("deliberation_nom", sa.String(length=255), nullable=True),
        sa.Column("deliberation_taille", sa.Integer(), nullable=True),
        sa.Column("deliberation_sha256", sa.String(length=64), nullable=True),
        sa.Column("decision_motif", sa.Text(), nullable=True),
        sa.Column("cree_par", sa.String(), nullable=False),
        sa.Column("cree_le", sa.DateTime(timezone=True), nullable=False),
        sa.Column("modifie_le", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deposee_le", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["campagne_id"],
            ["campagne.id"],
        ),
        sa.ForeignKeyConstraint(
            ["code_insee"],
            ["commune.code_insee"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campagne_id", "code_insee"),
    )
    op.create_index("ix_candidature_campagne_id", "candidature", ["campagne_id"], unique=False)
    op.create_index("ix_candidature_code_insee", "candidature", ["code_insee"], unique=False)
    op.create_index("ix_candidature_etat", "candidature", ["etat"], unique=False)
    op.create_table(
        "communedeleguee",
        sa.Column("code_insee", sa.String(length=5), nullable=False),
        sa.Column("nom", sa.String(), nullable=False),
        sa.Column("type", sa.String(length=4), nullable=False),
        sa.Column("commune_code", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_code"],
            ["commune.code_insee"],
        ),
        sa.PrimaryKeyConstraint("code_insee"),
    )
    op.create_index(
        "ix_communedeleguee_commune_code", "communedeleguee", ["commune_code"], unique=False
    )
    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("nom", sa.String(length=200), nullable=False),
        sa.Column("commune_code", sa.String(), nullable=False),
        sa.Column("jeton_hash", sa.String(length=64), nullable=False),
        sa.Column("expire_le", sa.DateTime(timezone=True), nullable=False),
        sa.Column("utilisee_le", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cree_par", sa.String(), nullable=False),
        sa.Column("cree_le", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_code"],
            ["commune.code_insee"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_invitation_commune_code", "invitation", ["commune_code"], unique=False)
    op.create_index("ix_invitation_email", "invitation", ["email"], unique=False)
    op.create_index("ix_invitation_jeton_hash", "invitation", ["jeton_hash"], unique=True)
    op.create_table(
        "plan_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_insee", sa.String(length=5), nullable=False),
        sa.Column("numero", sa.Integer(), nullable=False),
        sa.Column("cree_le", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cree_par", sa.String(), nullable=False),
        sa.Column("changement", sa.Text(), nullable=True),
        sa.Column("catalogue_version", sa.String(length=20), nullable=False),
        sa.Column("besoins", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["code_insee"],
            ["commune.code_insee"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code_insee", "numero"),
    )
    op.create_index("ix_plan_version_code_insee", "plan_version", ["code_insee"], unique=False)
    op.create_table(
        "utilisateur",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("nom", sa.String(length=200), nullable=False),
        sa.Column("mot_de_passe_hash", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("commune_code", sa.String(), nullable=True),
        sa.Column("actif", sa.Boolean(), nullable=False),
        sa.Column("cree_le", sa.DateTime(timezone=True), nullable=False),
        sa.Column("derniere_connexion", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["commune_code"],
            ["commune.code_insee"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_utilisateur_commune_code", "utilisateur", ["commune_code"], unique=False)
    op.create_index("ix_utilisateur_email", "utilisateur", ["email"], unique=True)
    op.create_table(
        "valeurindicateur",
        sa.Column("code_insee", sa.String(length=5), nullable=False),
        sa.Column("donnee", sa.String(length=60), nullable=False),
        sa.Column("valeur", sa.Float(), nullable=False),
        sa.Column("annee", sa.String(length=20), nullable=True),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("origine", sa.String(length=20), nullable=False),
        sa.Column("statut", sa.String(length=20), nullable=False),
        sa.Column("saisi_par", sa.String(), nullable=False),
        sa.Column("saisi_le", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valide_par", sa.String(), nullable=True),
        sa.Column("valide_le", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["code_insee"],
            ["commune.code_insee"],
        ),
        sa.PrimaryKeyConstraint("code_insee", "donnee"),
    )
    op.create_table(
        "echange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidature_id", sa.Integer(), nullable=False),
        sa.Column("genre", sa.String(length=10), nullable=False),
        sa.Column("auteur", sa.String(), nullable=False),
        sa.Column("texte", sa.Text(), nullable=False),
        sa.Column("quand", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidature_id"],
            ["candidature.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_echange_candidature_id", "echange", ["candidature_id"], unique=False)
    op.create_table(
        "plan_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("cle", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.String(length=60), nullable=False),
        sa.Column("libelle", sa.Text(), nullable=True),
        sa.Column("domaine", sa.String(length=20), nullable=False),
        sa.Column("besoin", sa.String(length=60), nullable=False),
        sa.Column("besoin_libelle", sa.Text(), nullable=True),
        sa.Column("intensite", sa.Integer(), nullable=True),
        sa.Column("source_besoin", sa.Text(), nullable=True),
        sa.Column("regle", sa.Text(), nullable=True),
        sa.Column("horizon", sa.String(length=10), nullable=False),
        sa.Column("cout_min", sa.Integer(), nullable=True),
        sa.Column("cout_max", sa.Integer(), nullable=True),
        sa.Column("financeurs", sa.Text(), nullable=True),
        sa.Column("budget", sa.Integer(), nullable=True),
        sa.Column("porteur", sa.String(length=200), nullable=True),
        sa.Column("statut", sa.String(length=12), nullable=False),
        sa.Column("geometry", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["plan_version.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("version_id", "cle"),
    )
    op.create_index("ix_plan_action_version_id", "plan_action", ["version_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_plan_action_version_id", table_name="plan_action")
    op.drop_table("plan_action")
    op.drop_index("ix_echange_candidature_id", table_name="echange")
    op.drop_table("echange")
    op.drop_table("valeurindicateur")
    op.drop_index("ix_utilisateur_email", table_name="utilisateur")
    op.drop_index("ix_utilisateur_commune_code", table_name="utilisateur")
    op.drop_table("utilisateur")
    op.drop_index("ix_plan_version_code_insee", table_name="plan_version")
    op.drop_table("plan_version")
    op.drop_index("ix_invitation_jeton_hash", table_name="invitation")
    op.drop_index("ix_invitation_email", table_name="invitation")
    op.drop_index("ix_invitation_commune_code", table_name="invitation")
    op.drop_table("invitation")
    op.drop_index("ix_communedeleguee_commune_code", table_name="communedeleguee")
    op.drop_table("communedeleguee")
    op.drop_index("ix_candidature_etat", table_name="candidature")
    op.drop_index("ix_candidature_code_insee", table_name="candidature")
    op.drop_index("ix_candidature_campagne_id", table_name="candidature")
    op.drop_table("candidature")
    op.drop_index("ix_ajustementscore_code_insee", table_name="ajustementscore")
    op.drop_table("ajustementscore")
    op.drop_index("ix_adhesion_programme", table_name="adhesion")
    op.drop_index("ix_adhesion_code_insee", table_name="adhesion")
    op.drop_table("adhesion")
    op.drop_index("ix_commune_nom", table_name="commune")
    op.drop_index("ix_commune_epci_code", table_name="commune")
    op.drop_index("ix_commune_departement", table_name="commune")
    op.drop_table("commune")
    op.drop_index("ix_versionponderation_cree_le", table_name="versionponderation")
    op.drop_table("versionponderation")
    op.drop_index("ix_tentativeconnexion_quand", table_name="tentativeconnexion")
    op.drop_index("ix_tentativeconnexion_ip", table_name="tentativeconnexion")
    op.drop_index("ix_tentativeconnexion_email", table_name="tentativeconnexion")
    op.drop_table("tentativeconnexion")
    op.drop_index("ix_journal_quand", table_name="journal")
    op.drop_index("ix_journal_objet_id", table_name="journal")
    op.drop_index("ix_journal_objet", table_name="journal")
    op.drop_index("ix_journal_code_insee", table_name="journal")
    op.drop_table("journal")
    op.drop_index("ix_instantanediagnostic_cree_le", table_name="instantanediagnostic")
    op.drop_table("instantanediagnostic")
    op.drop_table("epci")
    op.drop_table("campagne")
