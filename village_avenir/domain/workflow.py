"""The instruction workflow of an application (candidature): states and allowed transitions.

brouillon → déposée → en instruction → (complément demandé ↔ complétée) → retenue /
non retenue / classée sans suite. Each transition names the roles allowed to make it; the
administrator acts as an engineer. Decisions (final states) need a motivation, a request
for a complement needs a message to the commune.

Pure module: no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass

from .refus import Refus
from .roles import ADMIN, COMMUNE, INGENIEUR

__all__ = [
    "BROUILLON",
    "COMPLEMENT_DEMANDE",
    "COMPLETEE",
    "CLASSEE_SANS_SUITE",
    "DEPOSEE",
    "EDITABLE_BY_COMMUNE",
    "EN_INSTRUCTION",
    "ETATS",
    "FINAL_STATES",
    "NON_RETENUE",
    "RETENUE",
    "TRANSITIONS",
    "Transition",
    "TransitionInvalide",
    "allowed_transitions",
    "check_transition",
    "label",
]

BROUILLON = "brouillon"
DEPOSEE = "deposee"
EN_INSTRUCTION = "en_instruction"
COMPLEMENT_DEMANDE = "complement_demande"
COMPLETEE = "completee"
RETENUE = "retenue"
NON_RETENUE = "non_retenue"
CLASSEE_SANS_SUITE = "classee_sans_suite"

ETATS = {
    BROUILLON: "Brouillon",
    DEPOSEE: "Déposée",
    EN_INSTRUCTION: "En instruction",
    COMPLEMENT_DEMANDE: "Complément demandé",
    COMPLETEE: "Complétée",
    RETENUE: "Retenue",
    NON_RETENUE: "Non retenue",
    CLASSEE_SANS_SUITE: "Classée sans suite",
}
FINAL_STATES = frozenset({RETENUE, NON_RETENUE, CLASSEE_SANS_SUITE})
# States in which the commune may still change its application.
EDITABLE_BY_COMMUNE = frozenset({BROUILLON, COMPLEMENT_DEMANDE})


class TransitionInvalide(Refus, ValueError):
    """A transition that the workflow does not allow (message in French)."""

    status = 409


@dataclass(frozen=True)
class Transition:
    source: str
    cible: str
    roles: frozenset[str]
    libelle: str
    motif_requis: bool = False  # a motivation (decision) or a message (complement)


def _t(source, cible, role, libelle, motif=False) -> Transition:
    return Transition(source, cible, frozenset({role}), libelle, motif)


_DECISIONS = [
    (RETENUE, "Retenir la candidature"),
    (NON_RETENUE, "Ne pas retenir la candidature"),
    (CLASSEE_SANS_SUITE, "Classer sans suite"),
]

TRANSITIONS: tuple[Transition, ...] = (
    _t(BROUILLON, DEPOSEE, COMMUNE, "Déposer la candidature"),
    _t(DEPOSEE, EN_INSTRUCTION, INGENIEUR, "Commencer l'instruction"),
    _t(DEPOSEE, CLASSEE_SANS_SUITE, INGENIEUR, "Classer sans suite", True),
    _t(EN_INSTRUCTION, COMPLEMENT_DEMANDE, INGENIEUR, "Demander un complément", True),
    _t(COMPLETEE, COMPLEMENT_DEMANDE, INGENIEUR, "Demander un nouveau complément", True),
    _t(COMPLEMENT_DEMANDE, COMPLETEE, COMMUNE, "Transmettre le complément"),
    _t(COMPLEMENT_DEMANDE, CLASSEE_SANS_SUITE, INGENIEUR, "Classer sans suite", True),
    _t(COMPLETEE, EN_INSTRUCTION, INGENIEUR, "Reprendre l'instruction"),
    *(_t(EN_INSTRUCTION, c, INGENIEUR, lib, True) for c, lib in _DECISIONS),
    *(_t(COMPLETEE, c, INGENIEUR, lib, True) for c, lib in _DECISIONS),
)
_BY_PAIR = {(t.source, t.cible): t for t in TRANSITIONS}


def label(state: str) -> str:
    """French label of a state (raises TransitionInvalide for an unknown code)."""
    try:
        return ETATS[state]
    except KeyError:
        raise TransitionInvalide(f"État inconnu « {state} ».") from None


def _acting_role(role: str) -> str:
    return INGENIEUR if role == ADMIN else role


def allowed_transitions(state: str, role: str) -> list[Transition]:
    """Transitions that ``role`` may make from ``state``, in table order."""
    label(state)
    acting = _acting_role(role)
    return [t for t in TRANSITIONS if t.source == state and acting in t.roles]


def check_transition(state: str, target: str, role: str, motif: str | None = None) -> Transition:
    """The transition from ``state`` to ``target`` for ``role``, or TransitionInvalide."""
    source_label, target_label = label(state), label(target)
    transition = _BY_PAIR.get((state, target))
    if transition is None:
        if state in FINAL_STATES:
            raise TransitionInvalide(
                f"La candidature est « {source_label} » : la décision est prise, "
                "son état ne peut plus changer."
            )
        raise TransitionInvalide(
            f"Une candidature « {source_label} » ne peut pas passer à « {target_label} »."
        )
    if _acting_role(role) not in transition.roles:
        raise TransitionInvalide(
            f"Votre rôle ne permet pas de faire passer une candidature de « {source_label} » "
            f"à « {target_label} »."
        )
    if transition.motif_requis and not (motif or "").strip():
        what = "un message à la commune" if target == COMPLEMENT_DEMANDE else "une motivation"
        raise TransitionInvalide(f"« {transition.libelle} » exige {what}.")
    return transition
