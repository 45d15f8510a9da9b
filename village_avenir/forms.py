"""WTForms classes: French labels, help texts and validators; no database access."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length


class ConnexionForm(FlaskForm):
    email = EmailField(
        "Adresse électronique",
        validators=[DataRequired("Indiquez votre adresse électronique."), Length(max=254)],
    )
    mot_de_passe = PasswordField(
        "Mot de passe", validators=[DataRequired("Indiquez votre mot de passe."), Length(max=200)]
    )


__all__ = ["ConnexionForm"]


class MotDePasseForm(FlaskForm):
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


__all__ += ["MotDePasseForm"]
