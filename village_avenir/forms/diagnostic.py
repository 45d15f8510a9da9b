"""WTForms of the diagnostic: a value declared or assessed and a score override (on the commune
sheet, ``templates/diagnostic/section.html``), the withdrawal of an override, and the weights
page (one field per weight, built from the catalogue the view passes in).

The templates write these inputs by hand: the field names below are theirs (``donnee``,
``valeur``, ``annee``, ``source``; ``domaine``, ``motif``; ``i_<indicator>``, ``d_<domain>``).
The services are the judges of the values (``domain.saisie``: a number, a four-digit year
through ``domain.dates.parse_annee``, a source; ``diag.check_weights``) and refuse with their
own French messages, shown beside the form with what was typed (``Form.saisie``).
"""

from __future__ import annotations

from collections.abc import Iterable

from wtforms import StringField

from .base import Form, with_fields

__all__ = ["AjustementForm", "PonderationForm", "RetraitForm", "ValeurForm", "ponderation_form"]


class ValeurForm(Form):
    """A commune declares a value of an indicator; an engineer assesses one."""

    donnee = StringField("Donnée")
    valeur = StringField("Valeur")
    annee = StringField("Année")
    source = StringField("Source (document, visite, délibération…)")


class AjustementForm(Form):
    """An engineer overrides a domain's score, with a written reason."""

    domaine = StringField("Domaine")
    valeur = StringField("Score retenu (0 à 100)")
    motif = StringField("Motif")


class RetraitForm(Form):
    """The withdrawal of an override, with its reason."""

    motif = StringField("Motif du retrait de l'ajustement")


class PonderationForm(Form):
    """The weights page: preview (``action=apercu``) or save (``action=enregistrer``)."""

    action = StringField("Action")
    motif = StringField("Motif du changement")

    def enregistrer(self) -> bool:
        return self.action.data == "enregistrer"

    def poids_indicateur(self, indicateur: str) -> str:
        return self.chaine(f"i_{indicateur}")

    def poids_domaine(self, domaine: str) -> str:
        return self.chaine(f"d_{domaine}")


def ponderation_form(indicateurs: Iterable[str], domaines: Iterable[str]) -> PonderationForm:
    """The weights form with one field ``i_<id>`` per indicator given (the ranked ones: a
    threshold-mode indicator has no weight to type) and ``d_<id>`` per domain."""

    fields = {f"i_{ident}": StringField(f"Poids de l'indicateur {ident}") for ident in indicateurs}
    fields |= {f"d_{ident}": StringField(f"Poids du domaine {ident}") for ident in domaines}
    return with_fields(PonderationForm, fields)()
