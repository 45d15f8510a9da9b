"""WTForms of the instruction (Département side) and of the commune's own posts on its
application: transition, internal note or message, opinion, reply, deposit.

The templates write these inputs by hand (``templates/instruction/detail.html``,
``candidatures/detail.html``, ``candidatures/depot.html``): the field names below are theirs.
The services stay the judges of the values (length, known opinion, allowed transition) and
refuse with their own French messages; a form checks only what the view checked before the
service was called (a decision is chosen, and confirmed when it is final).
"""

from __future__ import annotations

from wtforms import StringField
from wtforms.validators import DataRequired, ValidationError

from ..domain import workflow as wf
from .base import Form, VersionedForm

__all__ = ["AvisForm", "DepotForm", "EchangeForm", "ReponseForm", "TransitionForm"]


class TransitionForm(VersionedForm):
    """A change of state; a final decision (accepted, refused…) needs the box ticked."""

    # declared before ``cible``: the page asks for the confirmation first (both never fail
    # together: an empty target is not final)
    confirmation = StringField("Je confirme cette décision définitive")
    cible = StringField("Décision", validators=[DataRequired("Choisissez une décision.")])
    motif = StringField("Motif")

    def validate_confirmation(self, field):
        if self.chaine("cible") in wf.FINAL_STATES and field.data != "1":
            raise ValidationError("Cochez la case de confirmation : une décision est définitive.")


class EchangeForm(Form):
    """An internal note or a message to the commune: the pressed button names the kind."""

    genre = StringField("Genre")
    texte = StringField("Texte")


class AvisForm(Form):
    """The engineer's opinion on the application."""

    avis = StringField("Avis")
    motivation = StringField("Motivation")
    enjeux = StringField("Principaux enjeux")


class ReponseForm(Form):
    """The commune's reply to a message of the Département."""

    texte = StringField("Votre réponse")


class DepotForm(VersionedForm):
    """The deposit (first transmission or re-transmission), with an optional reply."""

    reponse = StringField("Réponse au Département")
