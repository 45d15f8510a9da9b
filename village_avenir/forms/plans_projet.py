"""WTForms of the projet stratégique: its texts, a fiche-action with its financing plan,
validation, deliberation, follow-up statuses and the yearly review (French labels, stable
ids and names, no database access)."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..domain.financement import ParametresFinancement
from ..domain.projet import STATUTS_SUIVI, TEXTE_MAX
from .base import DateSaisieField, EntierField, Form, VersionedForm, annee_valide

__all__ = [
    "DecisionStatutForm",
    "DeliberationPlanForm",
    "ProjetForm",
    "RevueForm",
    "StatutForm",
    "ValidationForm",
    "fiche_form",
    "lines",
]


def lines(text: str | None) -> list[str]:
    """One item per non-empty line of a text area."""
    return [x.strip() for x in (text or "").splitlines() if x.strip()]


class ProjetForm(VersionedForm):
    id_prefix = "projet"
    forces = TextAreaField(
        "Synthèse : points d'appui (un par ligne, avec leur source)",
        validators=[Length(max=8 * TEXTE_MAX)],
    )
    faiblesses = TextAreaField(
        "Synthèse : fragilités (une par ligne, avec leur source)",
        validators=[Length(max=8 * TEXTE_MAX)],
    )
    non_evalue = TextAreaField(
        "Synthèse : ce qui n'a pas été évalué (un point par ligne)",
        validators=[Length(max=4 * TEXTE_MAX)],
    )
    enjeux = TextAreaField(
        "Enjeux (un par ligne, de 2 à 4)",
        validators=[DataRequired("Écrivez les enjeux."), Length(max=4 * TEXTE_MAX)],
    )
    court = TextAreaField(
        "Orientation à court terme (0 à 2 ans) : objectif",
        validators=[DataRequired("Écrivez l'objectif à court terme."), Length(max=TEXTE_MAX)],
    )
    moyen = TextAreaField(
        "Orientation à moyen terme (2 à 5 ans) : objectif",
        validators=[DataRequired("Écrivez l'objectif à moyen terme."), Length(max=TEXTE_MAX)],
    )
    long = TextAreaField(
        "Orientation à long terme (5 à 10 ans et plus) : la vision",
        validators=[Length(max=TEXTE_MAX)],
    )
    sans_long_terme = TextAreaField(
        "Sans vision à long terme, dites pourquoi", validators=[Length(max=TEXTE_MAX)]
    )


def fiche_form(financements: ParametresFinancement, **data) -> Form:
    """The fiche-action form: texts, then one rate field (whole %) per funder of
    ``financements.toml`` (empty = not asked). ``data``: the values shown on a GET; on a
    POST, Flask-WTF reads the posted ones."""

    class FicheForm(VersionedForm):
        id_prefix = "fiche"
        objectif = TextAreaField(
            "Objectif", validators=[DataRequired("Écrivez l'objectif."), Length(max=TEXTE_MAX)]
        )
        porteur = StringField("Maître d'ouvrage", validators=[Length(max=200)])
        partenaires = TextAreaField(
            "Partenaires (un par ligne)",
            description="Par exemple : Département du Lot, État (préfecture), communauté de "
            "communes, CAUE du Lot, Parc naturel régional des Causses du Quercy, Région Occitanie.",
            validators=[Length(max=4000)],
        )
        calendrier = StringField(
            "Calendrier", validators=[DataRequired("Écrivez le calendrier."), Length(max=200)]
        )
        indicateur = StringField(
            "Indicateur de suivi",
            validators=[DataRequired("Écrivez un indicateur de suivi."), Length(max=500)],
        )
        derogation = StringField(
            "Dérogation à la participation minimale (le cas échéant)",
            description="Par exemple : « arrêté préfectoral du 3 mars 2027, monument classé ».",
            validators=[Length(max=300)],
        )

    for code, f in financements.financeurs.items():
        if f.conseil:
            continue
        setattr(
            FicheForm,
            f"t_{code}",
            EntierField(
                f"{f.libelle} (%)",
                description=f"Jusqu'à {f.taux_max} % trouvé ({f.annee}).",
                validators=[Optional(), NumberRange(0, 100, "Un taux va de 0 à 100 %%.")],
            ),
        )
    form = FicheForm(**data)
    form.codes = [c for c, f in financements.financeurs.items() if not f.conseil]
    return form


class ValidationForm(VersionedForm):
    id_prefix = "validation"


class DeliberationPlanForm(Form):
    id_prefix = "deliberation"
    fichier = FileField("Délibération du conseil municipal (PDF)")


STATUT_CHOICES = [SelectChoice(k, v) for k, v in STATUTS_SUIVI.items()]


class StatutForm(Form):
    id_prefix = "statut"
    attendu = HiddenField()
    statut = SelectField("Statut", choices=STATUT_CHOICES)
    date_statut = DateSaisieField(
        "Date du statut", validators=[DataRequired("Indiquez la date du statut.")]
    )
    motif = StringField("Motif (obligatoire pour un abandon)", validators=[Length(max=500)])


class DecisionStatutForm(Form):
    id_prefix = "decision"
    decision = SelectField(
        "Décision",
        choices=[SelectChoice("accepter", "Accepter"), SelectChoice("refuser", "Refuser")],
    )
    reponse = StringField(
        "Réponse à la commune (obligatoire pour un refus)", validators=[Length(max=500)]
    )


class RevueForm(Form):
    id_prefix = "revue"
    annee = EntierField(
        "Année", validators=[DataRequired("Indiquez l'année."), annee_valide(annee_min=2000)]
    )
    bilan = TextAreaField(
        "Bilan de l'année", validators=[DataRequired("Écrivez le bilan."), Length(max=5000)]
    )
