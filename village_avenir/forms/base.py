"""The base of every form: Flask-WTF (CSRF) with WTForms' own French messages.

WTForms ships French translations of its built-in messages (« Choix non valide », …).
Flask-WTF would look for them through Flask-Babel, which we do not use: ``create_app`` sets
``WTF_I18N_ENABLED = False`` so that WTForms reads ``Meta.locales`` itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, IntegerField, StringField
from wtforms.fields.core import UnboundField
from wtforms.validators import ValidationError
from wtforms.widgets import DateInput

from ..domain.dates import ANNEE_MAX, ANNEE_MIN, ascii_digits, parse_annee, parse_date
from ..domain.nombres import parse_entier_positif

__all__ = [
    "DateSaisieField",
    "EntierField",
    "Form",
    "ValeursField",
    "VersionedForm",
    "annee_valide",
    "parsed_by",
    "with_fields",
]

MAX_DIGITS = 12
F = TypeVar("F", bound=FlaskForm)


class EntierField(IntegerField):
    """An integer field refusing more than 12 digits before any validator sees the value:
    WTForms' ``NumberRange`` converts to float, and a 400-digit number overflows (a 500)."""

    def process_formdata(self, valuelist):
        if valuelist and len(str(valuelist[0]).strip().lstrip("+-")) > MAX_DIGITS:
            self.data = None
            raise ValueError(f"Nombre trop grand ({MAX_DIGITS} chiffres au plus).")
        if valuelist:
            try:  # int() would read Arabic-Indic or full-width digits
                ascii_digits(valuelist[0])
            except ValueError:
                self.data = None
                raise
        super().process_formdata(valuelist)


class DateSaisieField(StringField):
    """A date typed or picked (``<input type="date">``): ``domain.dates.parse_date`` — an
    existing date whose year is within ``annee_min..annee_max``, ASCII digits only."""

    widget = DateInput()

    def __init__(self, *args, annee_min: int = ANNEE_MIN, annee_max: int = ANNEE_MAX, **kw):
        super().__init__(*args, **kw)
        self.annee_min, self.annee_max = annee_min, annee_max

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and str(valuelist[0]).strip():
            self.data = parse_date(valuelist[0], self.annee_min, self.annee_max)  # ValueError

    def _value(self):
        if self.raw_data:
            return str(self.raw_data[0])
        return self.data.isoformat() if self.data else ""


class ValeursField(Field):
    """Every value posted under one name, in order, as strings (checkboxes sharing a name,
    e.g. the applications ticked for a committee's agenda); ``[]`` when none. The template
    writes the inputs itself: this field only reads them."""

    def process_formdata(self, valuelist):
        self.data = [str(v) for v in valuelist]

    def _value(self):
        return ""


def parsed_by(parser, message: str | None = None):
    """A WTForms validator: a non-empty value must pass ``parser`` (a ``domain`` function
    raising ValueError with a French message; ``message`` replaces it when the form words it
    its own way)."""

    def _validate(form, field):
        if str(field.data or "").strip():
            try:
                parser(field.data)
            except ValueError as exc:
                raise ValidationError(message or str(exc)) from None

    return _validate


def annee_valide(
    message: str | None = None, annee_min: int = ANNEE_MIN, annee_max: int = ANNEE_MAX
):
    """A WTForms validator: a non-empty value is a four-digit year within the range
    (``domain.dates.parse_annee``, the one year check). ``message`` replaces the domain's
    French message when the form words it its own way (« millésime invalide… »)."""
    return parsed_by(lambda value: parse_annee(value, annee_min, annee_max), message)


def with_fields(base: type[F], fields: Mapping[str, UnboundField]) -> type[F]:
    """A subclass of the form ``base`` with ``fields`` added: the forms built at request time,
    one field per item of a list only the view knows (a weight per indicator, a rank per
    application, a choice per field in conflict)."""
    return type(base.__name__, (base,), dict(fields))


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

    def chaine(self, name: str) -> str:
        """A text field's value, ``""`` when it was not posted (WTForms leaves None)."""
        return str(getattr(self, name).data or "")

    def saisie(self) -> dict[str, str]:
        """What was typed, field by field, as posted (CSRF token left out): a refused form is
        shown again as it was."""
        return {
            f.name: str(f.raw_data[0]) if f.raw_data else "" for f in self if f.name != "csrf_token"
        }

    def erreurs(self) -> list[str]:
        """The validation messages in the order of the fields (the view flashes them, or
        shows the first beside the form)."""
        return [m for f in self for m in f.errors if isinstance(m, str)]


class VersionedForm(Form):
    """A form editing a versioned record: ``version`` is the version the page showed
    (optimistic locking: the service refuses when the record moved on meanwhile)."""

    version = HiddenField()

    def expected_version(self) -> int | None:
        return parse_entier_positif(self.version.data)
