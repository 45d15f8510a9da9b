"""WTForms of the selection committee (``templates/commission/seance.html``): the session
(date, members, agenda with a rank per ticked application) and a decision on one application.

The template writes these inputs by hand: the field names below are theirs (``date_seance``,
``membres``, ``inscrire`` ticked boxes, ``rang-<application id>``; ``candidature``,
``decision``, ``motivation``). The service judges the rest (an application that may not be on
the agenda, a decision, its motivation) with its own French messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from wtforms import StringField
from wtforms.validators import ValidationError

from ..domain.dates import parse_date
from ..domain.nombres import parse_entier_positif
from .base import Form, ValeursField, with_fields

__all__ = ["DecisionCommissionForm", "SeanceForm", "seance_form"]

RANG_PAR_DEFAUT = 10000  # a ticked application without a rank goes after the ranked ones


class SeanceForm(Form):
    """The session: its date, its members, the ticked applications in the order of their rank
    (then as listed). ``date_lue`` and ``ordre`` hold the values read once valid."""

    date_seance = StringField("Date de la séance")
    membres = StringField("Membres présents")
    inscrire = ValeursField("Inscrire à l'ordre du jour")

    date_lue: date | None = None
    ordre: list[int] = []

    def validate_date_seance(self, field):
        try:
            self.date_lue = parse_date(field.data or "")
        except ValueError as exc:  # an empty date too: the session needs one
            raise ValidationError(f"Date de la séance : {exc}") from None

    def validate_inscrire(self, field):
        chosen = []
        for n, raw in enumerate(field.data or []):
            cid = parse_entier_positif(raw)
            if cid is None:
                raise ValidationError("Candidature inconnue dans l'ordre du jour.")
            rank = self.rang(raw).strip()
            rang = parse_entier_positif(rank, chiffres=4) if rank else RANG_PAR_DEFAUT + n
            if rang is None:
                raise ValidationError("Le rang de passage doit être un nombre entier (1, 2, 3…).")
            chosen.append((rang, n, cid))
        self.ordre = [cid for _, _, cid in sorted(chosen)]

    def rang(self, cid: object) -> str:
        """The rank typed for an application (``""`` when it has no rank field)."""
        field = self._fields.get(f"rang-{cid}")
        return str(field.data or "") if field is not None else ""


def seance_form(candidatures: Iterable[int]) -> SeanceForm:
    """The session form with a ``rang-<id>`` field for each application that may go on the
    agenda (``services.commission.seance.candidates``, passed in by the view)."""

    rangs = {f"rang-{cid}": StringField(f"Rang de la candidature n° {cid}") for cid in candidatures}
    return with_fields(SeanceForm, rangs)()


class DecisionCommissionForm(Form):
    """The committee's decision on one application of the frozen file."""

    candidature = StringField("Candidature")
    decision = StringField("Décision")
    motivation = StringField("Motivation")

    def candidature_id(self) -> int | None:
        return parse_entier_positif(self.chaine("candidature"))
