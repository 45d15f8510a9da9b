"""WTForms of the browser imports (``/diagnostic/imports``, ``/patrimoine/imports``): upload,
preview, then confirm.

The templates write the confirmation's hidden inputs by hand (``action``, ``jeton``, ``nom``,
``format``, ``annee``, ``partiel``): the field names below are theirs. The file itself is read
by ``views/fichiers_en_attente.py``; the formats are passed in by the view (they belong to
``services.diagnostic.imports``, a layer above the forms).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from flask_wtf.file import FileField
from wtforms import StringField
from wtforms.validators import ValidationError

from .base import Form, annee_valide

__all__ = ["ImportForm", "ImportIndicateursForm"]


class ImportForm(Form):
    """The part shared by the two imports: the preview's confirmation."""

    action = StringField("Action")
    jeton = StringField("Jeton de l'aperçu")
    nom = StringField("Nom du fichier")

    def confirme(self) -> bool:
        """The preview's « Confirmer l'import » was pressed (else: a new upload)."""
        return self.action.data == "confirmer"

    def nom_fichier(self) -> str:
        """The previewed file's name as shown (no folder, at most 120 characters)."""
        return Path(self.chaine("nom") or "fichier").name[:120]


class ImportIndicateursForm(ImportForm):
    """An official indicator file: its format (one of ``formats``) and its vintage, required
    for the formats in ``besoin_annee`` (the file does not say it)."""

    format = StringField("Format")
    fichier = FileField("Fichier CSV")
    annee = StringField(
        "Millésime",
        validators=[annee_valide("millésime invalide (année sur 4 chiffres).")],
    )
    partiel = StringField("Importer comme fichier partiel")

    def __init__(self, formats: Collection[str], besoin_annee: Collection[str], **kw):
        super().__init__(**kw)
        self.formats, self.besoin_annee = formats, besoin_annee

    def validate_format(self, field):
        if field.data not in self.formats:
            raise ValidationError("choisissez le format du fichier.")

    def validate_annee(self, field):
        if self.chaine("format") in self.besoin_annee and not self.chaine("annee").strip():
            raise ValidationError(
                "indiquez le millésime du fichier (année sur 4 chiffres) pour ce format."
            )

    def annee_lue(self) -> str | None:
        """The vintage as the file readers take it: four digits, or None."""
        return self.chaine("annee").strip() or None

    def partiel_coche(self) -> bool:
        return self.partiel.data == "oui"
