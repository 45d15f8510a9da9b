"""WTForms of the strategic plans (French labels, no database access)."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..domain.planning import DOMAINES, DUREES, HORIZONS, STATUTS, CatalogueActions
from .base import EntierField, Form, VersionedForm

HORIZON_CHOICES = [SelectChoice(h, f"{lib} ({DUREES[h]})") for h, lib in HORIZONS.items()]


def action_choices(catalogue: CatalogueActions) -> list[SelectChoice]:
    """The catalogue's actions, grouped by domain."""
    return [SelectChoice(a.id, a.libelle, optgroup=DOMAINES[a.domaine]) for a in catalogue.actions]


def besoins_form(catalogue: CatalogueActions) -> Form:
    """One intensity field (0–100) per need of the catalogue, plus the source of the figures.
    Flask-WTF reads the posted values on a POST, nothing on a GET."""

    class BesoinsForm(VersionedForm):
        source = StringField(
            "Source des intensités",
            description="Par exemple : « visite du 12/11/2026, entretien avec le maire ».",
            validators=[DataRequired("Indiquez d'où viennent ces intensités."), Length(max=300)],
        )
        remplacer = BooleanField("Remplacer le plan actuel par cette proposition")

    for code, b in catalogue.besoins.items():
        field = EntierField(
            f"{b.libelle} ({DOMAINES[b.domaine].lower()})",
            validators=[
                Optional(),
                NumberRange(0, 100, "Une intensité va de 0 (aucun besoin) à 100."),
            ],
        )
        setattr(BesoinsForm, f"b_{code}", field)
    form = BesoinsForm()
    form.codes = list(catalogue.besoins)
    return form


class AjoutForm(VersionedForm):
    action_id = SelectField(
        "Action du catalogue", validators=[DataRequired("Choisissez une action.")]
    )
    horizon = SelectField(
        "Horizon", choices=[SelectChoice("", "horizon habituel de l'action"), *HORIZON_CHOICES]
    )


class ActionForm(VersionedForm):
    id_prefix = "details"
    budget = EntierField(
        "Budget prévisionnel (euros)",
        validators=[Optional(), NumberRange(0, 100_000_000, "Budget de 0 à 100 000 000 €.")],
    )
    porteur = StringField("Porteur (maître d'ouvrage)", validators=[Length(max=200)])
    statut = SelectField("Statut", choices=[SelectChoice(k, v) for k, v in STATUTS.items()])
    motif = StringField("Motif (facultatif)", validators=[Length(max=300)])


class HorizonForm(VersionedForm):
    id_prefix = "horizon"
    horizon = SelectField("Déplacer vers", choices=HORIZON_CHOICES)


class SuppressionForm(VersionedForm):
    """Removal in two steps: the first post asks « Oui, supprimer ? » (nothing is removed),
    the second carries ``confirmer=oui`` and removes."""

    id_prefix = "suppression"
    motif = StringField("Motif de la suppression", validators=[Length(max=300)])
    confirmer = HiddenField()

    def confirmed(self) -> bool:
        return self.confirmer.data == "oui"


class PlacementForm(VersionedForm):
    longitude = StringField(
        "Longitude (degrés décimaux WGS84)",
        description="Par exemple 1,2356 (est de Greenwich).",
        validators=[Length(max=40)],
    )
    latitude = StringField(
        "Latitude (degrés décimaux WGS84)",
        description="Par exemple 44,4701.",
        validators=[Length(max=40)],
    )
    geojson = TextAreaField(
        "Ou une zone en GeoJSON",
        description="Un objet Point ou Polygon (longitude, latitude), seul ou dans un Feature.",
        validators=[Length(max=100_000, message="GeoJSON trop long (100 000 caractères au plus).")],
    )
    retirer = BooleanField("Retirer l'action de la carte")


__all__ = [
    "ActionForm",
    "AjoutForm",
    "HORIZON_CHOICES",
    "HorizonForm",
    "PlacementForm",
    "SuppressionForm",
    "action_choices",
    "besoins_form",
]
