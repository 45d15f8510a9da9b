"""The choices of the conflict panel (``templates/_conflits.html``) read through a form.

The panel lists the fields in conflict in ``conflit_champs`` (comma-separated) and offers, for
each field ``x``, a radio ``conflit-x``: « mienne » or « autre ». :func:`choix_conflit` builds a
form with one radio per field the page may name and returns the fields listed and the choices
made; a missing or unknown choice is left to ``domain.conflits.apply_choices``, which refuses it.
"""

from __future__ import annotations

from collections.abc import Mapping

from wtforms import HiddenField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from ..domain.conflits import AUTRE, MIENNE
from .base import Form, with_fields

__all__ = ["choix_conflit"]


def conflit_form(libelles: Mapping[str, str]) -> Form:
    """A form reading the panel's fields for these fields (``{champ: libellé}``). No CSRF of its
    own: it reads the same request as the record's form, which checks it."""
    fields = {
        f"conflit-{champ}": RadioField(
            libelle,
            choices=[
                SelectChoice(MIENNE, "Garder la mienne"),
                SelectChoice(AUTRE, "Garder l'autre"),
            ],
            validators=[Optional()],
        )
        for champ, libelle in libelles.items()
    }
    return with_fields(Form, {"conflit_champs": HiddenField(), **fields})(meta={"csrf": False})


def choix_conflit(libelles: Mapping[str, str]) -> tuple[list[str], dict[str, str]]:
    """The fields the panel listed (unknown names dropped) and the choice made for each (``""``
    when none)."""
    form = conflit_form(libelles)
    champs = [c for c in (form.conflit_champs.data or "").split(",") if c in libelles]
    return champs, {c: form[f"conflit-{c}"].data or "" for c in champs}
