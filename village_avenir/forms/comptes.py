"""WTForms classes: French labels, help texts and validators; no database access."""

from __future__ import annotations

from wtforms import (
    EmailField,
    PasswordField,
)
from wtforms.validators import DataRequired, EqualTo, Length

from .base import Form


class ConnexionForm(Form):
    email = EmailField(
        "Adresse électronique",
        validators=[DataRequired("Indiquez votre adresse électronique."), Length(max=254)],
    )
    mot_de_passe = PasswordField(
        "Mot de passe", validators=[DataRequired("Indiquez votre mot de passe."), Length(max=200)]
    )


class MotDePasseForm(Form):
    mot_de_passe = PasswordField(
        "Nouveau mot de passe",
        description="Au moins 10 caractères ; une phrase de plusieurs mots est idéale.",
        validators=[DataRequired("Choisissez un mot de passe."), Length(min=10, max=200)],
    )
    confirmation = PasswordField(
        "Confirmez le mot de passe",
        validators=[
            DataRequired("Confirmez le mot de passe."),
            EqualTo("mot_de_passe", "Les deux mots de passe diffèrent."),
        ],
    )


class ContinuerForm(Form):
    """The one-button step that opens an e-mailed link (CSRF only)."""


class OubliForm(Form):
    email = EmailField(
        "Adresse électronique de votre compte",
        validators=[DataRequired("Indiquez votre adresse électronique."), Length(max=254)],
    )


class ChangementMotDePasseForm(MotDePasseForm):
    actuel = PasswordField(
        "Mot de passe actuel",
        validators=[DataRequired("Indiquez votre mot de passe actuel."), Length(max=200)],
    )
