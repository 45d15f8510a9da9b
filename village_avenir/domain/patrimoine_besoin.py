"""The heritage need of a commune, from its inventory (rules and weights in
``data/parametres/patrimoine.toml``, read by ``parametres.load_parametres("patrimoine")``).

Pure. Each item whose state has been seen (``ETATS_EVALUES``) counts for
``etat × protection × proprietaire × usage`` weights; the commune's need is the sum. An item
« non évalué » does not count, and a commune with no assessed item has no need at all
(``None``: « à évaluer ») — never an invented zero. The coverage says « inventaire du <date> »
with the latest date a state was seen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from .patrimoine import ETATS_EVALUES, PROPRIETAIRES, PROTECTIONS, USAGES, ElementPatrimoine
from .versions import VersionParametres, parse_version

__all__ = [
    "BesoinPatrimoine",
    "ParametresPatrimoine",
    "besoin_patrimoine",
    "parametres_patrimoine_from_mapping",
]


@dataclass(frozen=True)
class ParametresPatrimoine:
    version: VersionParametres
    elements_max: int
    etat: Mapping[str, float]
    protection: Mapping[str, float]
    proprietaire: Mapping[str, float]
    usage: Mapping[str, float]

    def points(self, e: ElementPatrimoine) -> float:
        """An assessed item's points of need (0 for an item not assessed)."""
        if e.etat not in self.etat:
            return 0.0
        return (
            self.etat[e.etat]
            * self.protection.get(e.protection, 1.0)
            * self.proprietaire.get(e.proprietaire, 1.0)
            * self.usage.get(e.usage, 1.0)
        )


@dataclass(frozen=True)
class BesoinPatrimoine:
    valeur: float  # points of heritage need
    evalues: int  # items whose state was seen
    a_evaluer: int  # items known but not assessed yet
    date: date | None  # latest date a state was seen (« inventaire du … »)


def _weights(data: Mapping, section: str, codes: Iterable[str]) -> dict[str, float]:
    block = data.get(section)
    if not isinstance(block, Mapping):
        raise ValueError(f"section [{section}] manquante.")
    codes = list(codes)
    if set(block) != set(codes):
        raise ValueError(f"section [{section}] : il faut exactement les codes {', '.join(codes)}.")
    out = {}
    for code in codes:
        value = block[code]
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 10:
            raise ValueError(f"[{section}] {code} : un nombre de 0 à 10 est attendu.")
        out[code] = float(value)
    return out


def parametres_patrimoine_from_mapping(data: Mapping) -> ParametresPatrimoine:
    """Check the parsed ``patrimoine.toml`` (ValueError with a French message)."""
    elements_max = data.get("elements_max")
    if (
        isinstance(elements_max, bool)
        or not isinstance(elements_max, int)
        or not 1 <= elements_max <= 10_000
    ):
        raise ValueError("elements_max : un entier de 1 à 10 000 est attendu.")
    return ParametresPatrimoine(
        version=parse_version(data.get("version")),
        elements_max=elements_max,
        etat=_weights(data, "etat", ETATS_EVALUES),
        protection=_weights(data, "protection", PROTECTIONS),
        proprietaire=_weights(data, "proprietaire", PROPRIETAIRES),
        usage=_weights(data, "usage", USAGES),
    )


def besoin_patrimoine(
    elements: Iterable[tuple[ElementPatrimoine, date | None]], params: ParametresPatrimoine
) -> BesoinPatrimoine | None:
    """The need of one commune from its validated items (each with the date its state was
    seen); None when no item has an assessed state (« à évaluer »)."""
    total, evalues, a_evaluer, last = 0.0, 0, 0, None
    for element, seen in elements:
        if element.etat not in ETATS_EVALUES:
            a_evaluer += 1
            continue
        evalues += 1
        total += params.points(element)
        if seen is not None and (last is None or seen > last):
            last = seen
    if evalues == 0:
        return None
    return BesoinPatrimoine(round(total, 4), evalues, a_evaluer, last)
