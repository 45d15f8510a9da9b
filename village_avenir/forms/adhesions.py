"""Forms of the scheme memberships (engineers): add one, confirm or withdraw it, settle a doubt."""

from __future__ import annotations

from wtforms import DateField, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, Length, Optional

from ..domain.dates import parse_date_partielle
from .base import Form, parsed_by

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
