"""The heritage inventory's refusals (French messages; HTTP statuses in ``views/refus.py``)."""

from __future__ import annotations

from dataclasses import dataclass

from ...domain.patrimoine_saisie import PatrimoineInvalide
from ...domain.refus import Refus

__all__ = [
    "Auteur",
    "ElementIntrouvable",
    "PatrimoineConflit",
    "PatrimoineInterdit",
    "PatrimoineInvalide",
]


class ElementIntrouvable(Refus, LookupError):
    """No such item (or visit) in this commune."""

    status = 404

    def __init__(self, quoi: str = "Élément de patrimoine introuvable."):
        super().__init__(quoi)


class PatrimoineInterdit(Refus, PermissionError):
    """The account may not make this change (another commune, or an engineer's step)."""

    status = 403


class PatrimoineConflit(Refus, ValueError):
    """Someone else saved the item since it was opened: nothing is overwritten."""

    status = 409

    def __init__(self, actuel=None):
        self.actuel = actuel  # the item as saved now, to show field by field
        super().__init__(
            "Quelqu'un d'autre a enregistré cet élément pendant que vous le modifiiez. "
            "Votre saisie n'a pas été enregistrée : comparez-la à la version actuelle "
            "ci-dessous puis enregistrez à nouveau."
        )


@dataclass(frozen=True)
class Auteur:
    """Who makes a change when it is not a logged-in account (the command line): an
    ``Utilisateur`` works the same (``email``, ``role``, ``commune_code``)."""

    email: str
    role: str
    commune_code: str | None = None
