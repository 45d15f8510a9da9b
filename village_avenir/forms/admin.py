"""Administration forms: invitations of commune users, activation of an account, calls for
applications."""

from __future__ import annotations

from wtforms import EmailField, HiddenField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ..domain.roles import COMMUNE, ROLES
from .base import DateSaisieField, Form


class InvitationForm(Form):
    email = EmailField(
        "Adresse électronique",
        validators=[DataRequired("Indiquez l'adresse électronique."), Length(max=254)],
    )
    nom = StringField(
        "Nom et fonction",
        description="Par exemple : Marie Dupont, secrétaire de mairie.",
        validators=[DataRequired("Indiquez le nom de la personne."), Length(max=200)],
    )
    role = SelectField(
        "Rôle",
        choices=[SelectChoice(code, label) for code, label in ROLES.items()],
        default=COMMUNE,
    )
    commune = StringField(
        "Code INSEE de la commune",
        description="Pour un compte « commune » seulement.",
        validators=[
            Optional(),
            Regexp(r"^\d[\dAB]\d{3}$", message="Un code INSEE compte 5 caractères (ex. 46001)."),
        ],
    )


class ActivationForm(Form):
    """Deactivate or reactivate an account: the list's button posts the wanted state."""

    actif = HiddenField("Compte actif")

    def voulu(self) -> bool:
        """« 1 » reactivates; anything else (« 0 », missing) deactivates, as before."""
        return self.actif.data == "1"


class CampagneForm(Form):
    id_prefix = "campagne"
    nom = StringField(
        "Nom de l'appel à candidatures",
        validators=[DataRequired("Donnez un nom à l'appel."), Length(max=200)],
    )
    ouverture = DateSaisieField(
        "Date d'ouverture",
        annee_min=2000,
        validators=[DataRequired("Indiquez la date d'ouverture.")],
    )
    cloture = DateSaisieField(
        "Date de clôture", annee_min=2000, validators=[DataRequired("Indiquez la date de clôture.")]
    )
    regles_version = SelectField(
        "Version des règles d'éligibilité en vigueur",
        description="Par défaut, les règles en vigueur aujourd'hui ; une version plus ancienne "
        "ne sert qu'à rejouer un appel passé.",
    )


__all__ = ["ActivationForm", "CampagneForm", "CampagneModificationForm", "InvitationForm"]


class CampagneModificationForm(Form):
    nom = CampagneForm.nom
    ouverture = CampagneForm.ouverture
    cloture = CampagneForm.cloture
