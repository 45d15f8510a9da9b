"""WTForms classes: French labels, help texts and validators; no database access."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length


class ConnexionForm(FlaskForm):
    email = EmailField(
        "Adresse électronique",
        validators=[DataRequired("Indiquez votre adresse électronique."), Length(max=254)],
    )
    mot_de_passe = PasswordField(
        "Mot de passe", validators=[DataRequired("Indiquez votre mot de passe."), Length(max=200)]
    )


__all__ = ["ConnexionForm"]
