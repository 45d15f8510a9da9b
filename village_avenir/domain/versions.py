"""The version block every parameter file of ``data/parametres/`` carries, in one format.

Each file dates what it says with a block::

    [version]                          # [[versions]] in eligibilite.toml: one per rules version
    code = "2026-11-30"
    en_vigueur_depuis = 2026-11-30     # a TOML date, never a string
    reference = "where the figures come from"

``en_vigueur_depuis`` (in force since) is the term the eligibility rules already show to users;
the older spelling ``date`` is refused with a French message so that a file cannot carry both.
:func:`parse_version` checks one block; the parsers of the six files call it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

__all__ = ["VersionInvalide", "VersionParametres", "parse_version"]


class VersionInvalide(ValueError):
    """The version block is missing, incomplete or dated the old way (message in French)."""


@dataclass(frozen=True)
class VersionParametres:
    code: str
    en_vigueur_depuis: date
    reference: str


def parse_version(block: Any, ou: str = "[version]") -> VersionParametres:
    """Check one version block (``ou`` names it in messages) and return its three fields."""
    if not isinstance(block, Mapping):
        raise VersionInvalide(
            f"Bloc {ou} manquant : chaque fichier de paramètres dit sa version "
            "(code, en_vigueur_depuis, reference)."
        )
    if "date" in block:
        raise VersionInvalide(
            f"Bloc {ou} : la date de la version s'écrit « en_vigueur_depuis = AAAA-MM-JJ », "
            "pas « date = … »."
        )
    missing = [k for k in ("code", "en_vigueur_depuis", "reference") if k not in block]
    if missing:
        raise VersionInvalide(f"Bloc {ou} incomplet : champ(s) {', '.join(missing)} manquant(s).")
    depuis = block["en_vigueur_depuis"]
    if not isinstance(depuis, date) or isinstance(depuis, datetime):
        raise VersionInvalide(
            f"Bloc {ou} : « en_vigueur_depuis » doit être une date sans guillemets "
            f"(AAAA-MM-JJ), pas « {depuis} »."
        )
    code, reference = block["code"], block["reference"]
    if not isinstance(code, str) or not code.strip():
        raise VersionInvalide(f"Bloc {ou} : « code » doit être un texte non vide.")
    if not isinstance(reference, str) or not reference.strip():
        raise VersionInvalide(f"Bloc {ou} : « reference » doit être un texte non vide.")
    return VersionParametres(code, depuis, reference)
