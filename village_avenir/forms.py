"""WTForms classes: French labels, help texts and validators; no database access."""

from __future__ import annotations

from wtforms import (
    DateField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, DataRequired, EqualTo, Length, Optional

from .domain.dates import parse_date_partielle
from .forms_base import Form, parsed_by


class ConnexionForm(Form):
    email = EmailField(
        "Adresse électronique",
        validators=[DataRequired("Indiquez votre adresse électronique."), Length(max=254)],
    )
    mot_de_passe = PasswordField(
        "Mot de passe", validators=[DataRequired("Indiquez votre mot de passe."), Length(max=200)]
    )


MOTIF_AIDE = "Obligatoire : il est conservé dans l'historique de la commune."


class MotifForm(Form):
    """A reason, for confirming or withdrawing a membership."""

    motif = TextAreaField(
        "Motif",
        description=MOTIF_AIDE,
        validators=[DataRequired("Indiquez le motif."), Length(min=5, max=2000)],
    )


class ArbitrageForm(Form):
    """An engineer settles a doubtful membership: the reason and the source that settles it."""

    motif = TextAreaField(
        "Motif",
        description=MOTIF_AIDE,
        validators=[DataRequired("Indiquez le motif."), Length(min=5, max=2000)],
    )
    source = StringField(
        "Source qui tranche",
        description="Document, interlocuteur ou adresse qui établit la réponse.",
        validators=[DataRequired("Indiquez la source qui tranche."), Length(min=3, max=300)],
    )


class AdhesionForm(Form):
    """A membership an engineer has evidence of. Choices are set by the view from the rules."""

    programme = SelectField("Dispositif", validators=[DataRequired("Choisissez le dispositif.")])
    niveau_preuve = SelectField(
        "Niveau de preuve", validators=[DataRequired("Choisissez le niveau de preuve.")]
    )
    source = StringField(
        "Source",
        description="Organisme ou document : délibération, convention, article…",
        validators=[DataRequired("Indiquez la source."), Length(max=300)],
    )
    source_url = URLField(
        "Adresse de la source (facultatif)",
        validators=[Optional(), URL(message="Adresse web invalide."), Length(max=500)],
    )
    date_source = StringField(
        "Date de la source (facultatif)",
        description="AAAA, AAAA-MM ou AAAA-MM-JJ",
        validators=[Optional(), Length(max=10), parsed_by(parse_date_partielle)],
    )
    preuve = TextAreaField("Preuve (extrait, référence)", validators=[Optional(), Length(max=2000)])
    debut = DateField(
        "Début de l'adhésion (facultatif)",
        description="Date de signature ou d'entrée dans le dispositif, si elle est connue.",
        validators=[Optional()],
    )
    fin = DateField(
        "Fin de l'adhésion (facultatif)",
        description="Date de sortie du dispositif, si elle est connue.",
        validators=[Optional()],
    )
    motif = TextAreaField(
        "Motif",
        description=MOTIF_AIDE,
        validators=[DataRequired("Indiquez le motif."), Length(min=5, max=2000)],
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
