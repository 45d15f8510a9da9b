"""WTForms of the heritage inventory (French labels, no database access). The values are
checked by ``domain.patrimoine_saisie`` through the services; the fields only bound sizes."""

from __future__ import annotations

import json

from flask_wtf.file import FileField
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..domain.patrimoine import ETATS, PROPRIETAIRES, PROTECTIONS, TYPES, USAGES
from ..domain.patrimoine_saisie import LONGUEURS
from .base import Form, VersionedForm
from .imports import ImportForm

__all__ = [
    "DecisionForm",
    "ElementForm",
    "EnvoiVisiteForm",
    "ImportPatrimoineForm",
    "SuppressionForm",
]


def _choices(vocab: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice(code, label) for code, label in vocab.items()]


class ElementForm(VersionedForm):
    nom = StringField(
        "Nom de l'élément",
        description="Par exemple « Lavoir du Théron ».",
        validators=[DataRequired("Indiquez le nom de l'élément."), Length(max=LONGUEURS["nom"])],
    )
    type = SelectField("Type", choices=_choices(TYPES))
    type_autre = StringField(
        "Précision si « Autre »",
        validators=[Optional(), Length(max=LONGUEURS["type_autre"])],
        description="Par exemple « sompe », « travail à ferrer ».",
    )
    protection = SelectField("Protection", choices=_choices(PROTECTIONS), default="non_protege")
    proprietaire = SelectField("Propriétaire", choices=_choices(PROPRIETAIRES), default="commune")
    etat = SelectField(
        "État",
        choices=_choices(ETATS),
        default="non_evalue",
        description="Échelle des bilans sanitaires de l'État : bon, moyen, mauvais, en péril.",
    )
    usage = SelectField("Usage", choices=_choices(USAGES), default="inconnu")
    date_etat = StringField(
        "Date du constat de l'état",
        validators=[Optional(), Length(max=20)],
        description="JJ/MM/AAAA, par exemple 12/05/2026.",
    )
    longitude = StringField(
        "Longitude",
        validators=[Optional(), Length(max=30)],
        description="Degrés décimaux WGS84, par exemple 1,44 ; toucher la carte la remplit.",
    )
    latitude = StringField(
        "Latitude",
        validators=[Optional(), Length(max=30)],
        description="Degrés décimaux WGS84, par exemple 44,45.",
    )
    cout_min = StringField("Coût estimé minimal (€)", validators=[Optional(), Length(max=30)])
    cout_max = StringField("Coût estimé maximal (€)", validators=[Optional(), Length(max=30)])
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=LONGUEURS["notes"])])

    FIELDS = ("nom", "type", "type_autre", "protection", "proprietaire", "etat", "usage",
              "date_etat", "longitude", "latitude", "cout_min", "cout_max", "notes")  # fmt: skip

    def values(self) -> dict[str, str]:
        """The raw values for the service (which checks them)."""
        return {name: getattr(self, name).data or "" for name in self.FIELDS}


class DecisionForm(Form):
    motif = TextAreaField(
        "Motif",
        validators=[Optional(), Length(max=2000)],
        description="Obligatoire pour un refus (10 caractères au moins).",
    )


class SuppressionForm(Form):
    motif = TextAreaField("Motif de la suppression", validators=[Optional(), Length(max=2000)])
    confirme = HiddenField()


class ImportPatrimoineForm(ImportForm):
    """An inventory file or the Mérimée export (the preview's confirmation: ``ImportForm``)."""

    format = SelectField(
        "Format du fichier",
        choices=[
            SelectChoice(
                "inventaire",
                "Inventaire (code_insee;nom;type;protection;etat;longitude;latitude;date_visite;source)",
            ),
            SelectChoice("merimee", "Export Mérimée (monuments historiques)"),
        ],
    )
    fichier = FileField("Fichier CSV")


class EnvoiVisiteForm(Form):
    """A visit sent by the phone's script (multipart, CSRF token in the ``X-CSRFToken``
    header): ``donnees`` is the JSON of the visit's header, its item and its photos' uids.
    The form checks only that it is a JSON object; ``domain.visite`` reads what is inside.
    The visit page's item form posted without JavaScript has no ``donnees``: refused."""

    donnees = StringField("Données de la visite")

    def validate_donnees(self, field):
        try:
            lues = json.loads(field.data or "")
        except ValueError:
            lues = None
        if not isinstance(lues, dict):
            raise ValidationError("Envoi illisible.")
        self.lues = lues
