"""INSEE commune codes and the commune value objects.

A commune code is five characters: a département code (``01``–``95``, ``2A``/``2B`` for
Corsica, or ``971``–``976`` overseas) followed by the commune number. Communes déléguées
keep their old code after a merger; :func:`resolve_code` maps such a code to the current
commune (the commune nouvelle) and says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .refus import Refus

__all__ = [
    "CodeInseeInvalide",
    "Commune",
    "CommuneDeleguee",
    "Resolution",
    "departement_of",
    "is_departement_code",
    "normalize_code",
    "resolve_code",
]

_CODE_RE = re.compile(r"^(?:\d{2}|2[AB])\d{3}$", re.ASCII)
_DEP_RE = re.compile(r"^(?:0[1-9]|1\d|2[1-9AB]|[3-8]\d|9[0-5]|97[1-6])$")


class CodeInseeInvalide(Refus, ValueError):
    """Raised for a string that is not a well-formed INSEE commune code."""


def normalize_code(raw: str | int) -> str:
    """Return the canonical 5-character INSEE code, or raise :class:`CodeInseeInvalide`.

    Integers and short numeric strings get their leading zero back (``1004`` → ``01004``):
    some national files store codes as numbers. ``2a004`` becomes ``2A004``.
    """
    text = str(raw).strip().upper()
    if re.fullmatch(r"[0-9]{4}", text):
        text = text.zfill(5)
    if not _CODE_RE.match(text):
        raise CodeInseeInvalide(
            f"« {raw} » n'est pas un code INSEE de commune valide (5 caractères, ex. 46042)."
        )
    if text[:2] in {"00", "20", "96", "99"}:
        raise CodeInseeInvalide(
            f"« {raw} » n'est pas un code INSEE de commune valide : "
            f"le département {text[:2]} n'existe pas."
        )
    if text.startswith("97") and text[:3] not in {
        "971",
        "972",
        "973",
        "974",
        "975",
        "976",
        "977",
        "978",
    }:
        raise CodeInseeInvalide(
            f"« {raw} » n'est pas un code INSEE de commune valide (outre-mer : 971 à 976)."
        )
    return text


def departement_of(code: str) -> str:
    """Département code of a commune code: ``46042`` → ``46``, ``97105`` → ``971``."""
    code = normalize_code(code)
    return code[:3] if code.startswith("97") else code[:2]


def is_departement_code(text: str) -> bool:
    """True for a valid département code (``01``…``95``, ``2A``, ``2B``, ``971``…``976``)."""
    return bool(_DEP_RE.match(text.strip().upper()))


@dataclass(frozen=True)
class Commune:
    """A current commune (INSEE type COM), as the domain needs it."""

    code_insee: str
    nom: str
    population: int | None
    population_annee: str | None = None
    epci_code: str | None = None
    epci_nom: str | None = None
    date_creation: date | None = None  # a commune nouvelle created after the first rules
    date_creation_source: str | None = None


@dataclass(frozen=True)
class CommuneDeleguee:
    """An old commune code kept after a merger, and the commune nouvelle it belongs to."""

    code_insee: str
    nom: str
    commune_code: str
    type: str = "COMD"


@dataclass(frozen=True)
class Resolution:
    """Result of resolving a code: the current commune's code and, if any, a note."""

    code_insee: str
    requested: str
    note: str | None = None

    @property
    def redirected(self) -> bool:
        return self.code_insee != self.requested


def resolve_code(
    raw: str | int, current: set[str] | frozenset[str], deleguees: dict[str, CommuneDeleguee]
) -> Resolution | None:
    """Resolve a code to a current commune, following communes déléguées.

    Returns ``None`` when the code is well formed but unknown. A code that is both a current
    commune and a commune déléguée (the chef-lieu of a commune nouvelle keeps its code) is
    current.
    """
    code = normalize_code(raw)
    if code in current:
        return Resolution(code, code)
    deleguee = deleguees.get(code)
    if deleguee is None or deleguee.commune_code not in current:
        return None
    note = (
        f"{code} ({deleguee.nom}) est une commune déléguée : "
        f"le code de la commune actuelle est {deleguee.commune_code}."
    )
    return Resolution(deleguee.commune_code, code, note)
