"""WTForms of the application file. Fields are text so that a draft keeps exactly what was
typed; formats are checked only on deposit (``form.validate()``), presence by
``domain.candidature.missing_items``.
"""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import (
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional, Regexp, ValidationError

from ..domain.candidature import ParametresCandidature
from ..domain.nombres import parse_entier, parse_montant
from .base import Form as VillageForm

MAX_PATRIMOINE = 30  # buildings or sites per application


def _entier(form, field):
    if (field.data or "").strip() and parse_entier(field.data) is None:
        raise ValidationError("Indiquez un nombre entier positif ou nul (par exemple 12).")


def _montant(form, field):
    if (field.data or "").strip() and parse_montant(field.data) is None:
        raise ValidationError("Indiquez un montant en euros (par exemple 120 000 ou 1 234,50).")


def _choice(choices: dict[str, str]):
    return [("", "— choisir —"), *choices.items()]


class PatrimoineForm(Form):
    """One building or site (sub-form: no CSRF of its own)."""

    class Meta:
        locales = ("fr_FR", "fr")  # WTForms' French messages, as in forms.base.Form

    nom = StringField("Nom du bâtiment ou du site", validators=[Length(max=200)])
    # Checked against the parameters' lists on deposit (form.validate), never on a draft save.
    protection = SelectField("Statut de protection")
    etat = SelectField("État de conservation")
    cout = StringField(
        "Coût estimé des travaux (€ HT)",
        validators=[_montant],
        description="Estimation, même approximative, en euros hors taxes.",
    )


class CandidatureForm(VillageForm):
    version = HiddenField()
    contact_nom = StringField("Personne à contacter", validators=[Length(max=200)])
    contact_fonction = StringField(
        "Fonction",
        validators=[Length(max=200)],
        description="Maire, adjoint, secrétaire de mairie…",
    )
    contact_email = StringField(
        "Adresse électronique",
        validators=[
            Optional(),
            Length(max=254),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Adresse électronique invalide."),
        ],
    )
    contact_telephone = StringField(
        "Téléphone",
        validators=[
            Optional(),
            Regexp(r"^[+0-9 .()-]{10,20}$", message="Numéro de téléphone invalide."),
        ],
    )
    projet_titre = StringField("Titre du projet", validators=[Length(max=200)])
    projet_description = TextAreaField(
        "Le projet en quelques paragraphes",
        validators=[Length(max=20000)],
        description="Ce que la commune veut faire, pourquoi, avec qui, et dans quel calendrier.",
    )
    patrimoine = FieldList(
        FormField(PatrimoineForm), label="Patrimoine", min_entries=1, max_entries=MAX_PATRIMOINE
    )
    logements_vacants = StringField(
        "Logements vacants connus",
        validators=[_entier],
        description="Nombre de logements vacants que la mairie connaît (0 si aucun).",
    )
    logement_projets = TextAreaField(
        "Projets de logement",
        validators=[Length(max=10000)],
        description="Réhabilitations, logements communaux, opérations prévues…",
    )
    services_existants = TextAreaField(
        "Services présents dans la commune",
        validators=[Length(max=5000)],
        description="Un service par ligne (école, épicerie, médecin, agence postale…).",
    )
    services_perdus = TextAreaField(
        "Services disparus",
        validators=[Length(max=5000)],
        description="Un service par ligne, avec l'année de fermeture si vous la connaissez.",
    )
    deliberation = FileField(
        "Délibération du conseil municipal (PDF)",
        description="Fichier PDF signé ; un nouveau fichier remplace le précédent.",
    )


def candidature_form(parametres: ParametresCandidature, **kwargs) -> CandidatureForm:
    """The form with the choice lists of the parameters file."""
    data = kwargs.get("data")
    if data and len(data.get("patrimoine") or []) > MAX_PATRIMOINE:  # never build an
        kwargs["data"] = {**data, "patrimoine": data["patrimoine"][:MAX_PATRIMOINE]}  # invalid form
    form = CandidatureForm(**kwargs)
    for entry in form.patrimoine:
        entry.form.protection.choices = _choice(parametres.protections)
        entry.form.etat.choices = _choice(parametres.etats_conservation)
    # The browser is told the limit so that static/js/fichier.js can refuse a too-large file
    # before sending it: a request over the server's limit would lose the whole draft.
    form.deliberation.render_kw = {
        "accept": "application/pdf,.pdf",
        "data-taille-max": str(parametres.taille_max),
    }
    mio = parametres.taille_max / (1024 * 1024)
    form.deliberation.description = (
        f"Fichier PDF signé, {mio:.0f} Mo au plus ; un nouveau fichier remplace le précédent."
    )
    return form


def form_content(form: CandidatureForm) -> dict:
    """The raw content of the form, as typed (no file, no CSRF, no version)."""
    data = dict(form.data)
    for key in ("csrf_token", "version", "deliberation"):
        data.pop(key, None)
    items = data.pop("patrimoine", None) or []
    data = {k: "" if v is None else v for k, v in data.items()}
    data["patrimoine"] = [{k: v or "" for k, v in item.items()} for item in items]
    return data


__all__ = [
    "CandidatureForm",
    "PatrimoineForm",
    "candidature_form",
    "form_content",
]
