"""The base of every form: Flask-WTF (CSRF) with WTForms' own French messages.

WTForms ships French translations of its built-in messages (« Choix non valide », …).
Flask-WTF would look for them through Flask-Babel, which we do not use: ``create_app`` sets
``WTF_I18N_ENABLED = False`` so that WTForms reads ``Meta.locales`` itself.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField

__all__ = ["EntierField", "Form"]

MAX_DIGITS = 12


class EntierField(IntegerField):
    """An integer field refusing more than 12 digits before any validator sees the value:
    WTForms' ``NumberRange`` converts to float, and a 400-digit number overflows (a 500)."""

    def process_formdata(self, valuelist):
        if valuelist and len(str(valuelist[0]).strip().lstrip("+-")) > MAX_DIGITS:
            self.data = None
            raise ValueError(f"Nombre trop grand ({MAX_DIGITS} chiffres au plus).")
        super().process_formdata(valuelist)


class Form(FlaskForm):
    """``id_prefix``: set on a form class that shares its page with another form. Every field
    id (the CSRF token's too) becomes ``<prefix>-<name>`` and labels follow, so a page never
    holds two elements with one id; field NAMES are unchanged (posts, tests and fuzz targets
    keep working). WTForms' own ``prefix=`` would rename the fields as well."""

    id_prefix: str = ""

    class Meta:
        locales = ("fr_FR", "fr")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.id_prefix:
            for field in self:
                field.id = f"{self.id_prefix}-{field.id}"
                field.label.field_id = field.id
