"""Entry rules of a value typed into the diagnosis: a commune declares it, an engineer of the
Département assesses it.

Pure (stdlib only). :func:`check_saisie` takes the catalogue and what was typed (indicator or
datum id, value, year, source, origin) and returns a :class:`Saisie` ready to be written, or
raises :class:`SaisieInvalide` with the French message a form shows as it is. In order:

- the id names a datum of the catalogue (or a « direct » indicator, which stands for its datum);
- that datum is entered by hand (``declaree`` or ``evaluee``), not read from an official file;
- the origin is ``declaree`` (commune) or ``evaluee`` (engineer), and a commune does not
  declare what an engineer assesses;
- the value is a French decimal within the datum's bounds; the year has four digits
  (``domain.dates.parse_annee``); the source is given, at most :data:`MAX_SOURCE` characters.

:func:`needs_writing` then judges the new entry against the value already stored, if any: a
declaration never replaces an engineer's assessment, and the same validated figure declared
again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from .dates import SaisieInvalide, parse_annee
from .indicators import CatalogueIndicateurs, Donnee
from .nombres import parse_decimal

__all__ = [
    "MAX_SOURCE",
    "ORIGINES",
    "Saisie",
    "SaisieInvalide",
    "StoredValue",
    "check_saisie",
    "needs_writing",
]

# origin of an entry → the word of its journal action (« saisie:declaration »…)
ORIGINES = {"declaree": "declaration", "evaluee": "evaluation"}
MAX_SOURCE = 300  # characters, as the other « source » fields


@dataclass(frozen=True)
class Saisie:
    """A checked entry: the datum it sets and the normalised value, year and source."""

    donnee: Donnee
    valeur: float
    annee: str
    source: str
    origine: str

    @property
    def statut(self) -> str:
        """An assessment is valid at once; a declaration waits for an engineer."""
        return "valide" if self.origine == "evaluee" else "a_valider"


class StoredValue(Protocol):
    """What :func:`needs_writing` reads of the value already stored (a database row)."""

    origine: str
    valeur: float
    annee: str | None
    statut: str


def _donnee(catalogue: CatalogueIndicateurs, indicateur: str) -> Donnee:
    ind = catalogue.by_id(indicateur)
    donnee_id = (
        str(ind.params["donnee"]) if ind is not None and ind.calcul == "direct" else indicateur
    )
    donnee = catalogue.donnees.get(donnee_id)
    if donnee is None:
        raise SaisieInvalide(f"Indicateur inconnu « {indicateur} ».")
    return donnee


def _valeur(donnee: Donnee, typed: object) -> float:
    try:
        valeur = parse_decimal(typed)
    except ValueError:
        raise SaisieInvalide(f"Valeur non numérique « {typed} ».") from None
    if (
        valeur != valeur
        or (donnee.minimum is not None and valeur < donnee.minimum)
        or (donnee.maximum is not None and valeur > donnee.maximum)
    ):
        raise SaisieInvalide(
            f"Valeur hors bornes pour « {donnee.libelle} » ({donnee.minimum} à {donnee.maximum})."
        )
    return valeur


def _source(typed: object) -> str:
    source = str(typed or "").strip()
    if not source:
        raise SaisieInvalide("Indiquez la source de la valeur.")
    if len(source) > MAX_SOURCE:
        raise SaisieInvalide(
            f"La source compte {len(source)} caractères, {MAX_SOURCE} au plus : résumez-la."
        )
    return source


def check_saisie(
    catalogue: CatalogueIndicateurs,
    *,
    indicateur: str,
    valeur: object,
    annee: object,
    source: object,
    origine: str,
) -> Saisie:
    """The entry checked and normalised; :class:`SaisieInvalide` (French) on the first fault."""
    donnee = _donnee(catalogue, indicateur)
    if donnee.obtention not in ORIGINES:
        raise SaisieInvalide(
            f"« {donnee.libelle} » provient d'un fichier officiel : importez ce fichier."
        )
    if origine not in ORIGINES:
        raise SaisieInvalide(
            "Origine invalide : « declaree » (commune) ou « evaluee » (ingénieur)."
        )
    if origine == "declaree" and donnee.obtention == "evaluee":
        raise SaisieInvalide(
            f"« {donnee.libelle} » est évalué par un ingénieur du Département, pas déclaré."
        )
    checked = _valeur(donnee, valeur)
    year = str(parse_annee(annee))
    return Saisie(donnee, checked, year, _source(source), origine)


def needs_writing(saisie: Saisie, existing: StoredValue | None) -> bool:
    """Whether ``saisie`` changes the stored value ``existing`` (None: nothing stored yet).

    Raises :class:`SaisieInvalide` when a declaration would replace an engineer's assessment;
    False when the same figure of the same year is declared again over a validated value (it
    stays validated, nothing to record)."""
    if existing is None or saisie.origine != "declaree":
        return True
    if existing.origine == "evaluee":
        raise SaisieInvalide(
            f"« {saisie.donnee.libelle} » a été évalué par un ingénieur du Département : une "
            "déclaration ne remplace pas cette valeur (demandez-lui de la revoir)."
        )
    return not (
        existing.valeur == saisie.valeur
        and existing.annee == saisie.annee
        and existing.statut == "valide"
    )
