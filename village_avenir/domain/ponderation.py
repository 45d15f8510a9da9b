"""The default weighting of the diagnosis (``data/parametres/ponderations.toml``).

:func:`ponderation_from_mapping` checks the parsed file (read by
``village_avenir/parametres.py``): normalisation, the weight of each domain in the global need,
the honesty rules of the computation (:class:`~.scoring.ReglesNotation`) and the version block.
:class:`ParametresDiagnostic` joins it to the indicator catalogue: what a scoring run needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .indicators import CatalogueIndicateurs
from .scoring import NORMALISATIONS, PonderationInvalide, ReglesNotation, Spec
from .versions import VersionInvalide, parse_version

__all__ = ["ParametresDiagnostic", "PonderationDefaut", "ponderation_from_mapping"]


@dataclass(frozen=True)
class PonderationDefaut:
    version: str
    normalisation: str
    rules: ReglesNotation
    domaines: Mapping[str, float]  # weight of each domain in the global need
    # indicator id → default weight in its domain (overrides the catalogue's ``poids``)
    indicateurs: Mapping[str, float] = field(default_factory=dict)
    # domain or indicator id → why this weight (tied to the programme's aims), shown
    raisons: Mapping[str, str] = field(default_factory=dict)
    # each weight moved by ± this share to say how solid a rank is (domain/robustesse.py)
    variation_poids: float = 0.5


def ponderation_from_mapping(data: Mapping[str, Any]) -> PonderationDefaut:
    """Check the parsed ``ponderations.toml``; raises :class:`PonderationInvalide`."""
    try:
        version = parse_version(data.get("version"))
        normalisation = str(data["normalisation"])
        rules = ReglesNotation(float(data["part_minimale_rang"]), float(data["seuil_couverture"]))
        domaines = {str(d): float(w) for d, w in dict(data["domaines"]).items()}
        raisons = {str(d): str(r) for d, r in dict(data.get("raisons_domaines", {})).items()}
        indicateurs = {}
        for ident, entry in dict(data.get("indicateurs", {})).items():
            indicateurs[str(ident)] = float(entry["poids"])
            raisons[str(ident)] = str(entry["raison"])
        variation = float(data.get("variation_poids", 0.5))
    except VersionInvalide as exc:
        raise PonderationInvalide(str(exc)) from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise PonderationInvalide(f"pondération par défaut incomplète ({exc}).") from exc
    if normalisation not in NORMALISATIONS:
        raise PonderationInvalide(f"normalisation « {normalisation} » inconnue.")
    negative = [d for d, w in (*domaines.items(), *indicateurs.items()) if not w >= 0]
    if negative:
        raise PonderationInvalide(f"le poids de « {negative[0]} » doit être positif ou nul.")
    # a file that explains its weights explains all of them (older files explain none)
    unexplained = [d for d in (*domaines, *indicateurs) if not raisons.get(d, "").strip()]
    if raisons and unexplained:
        raise PonderationInvalide(f"le poids de « {unexplained[0]} » n'a pas de raison.")
    if not 0 < variation < 1:
        raise PonderationInvalide("« variation_poids » doit être compris entre 0 et 1 (exclus).")
    return PonderationDefaut(
        version.code, normalisation, rules, domaines, indicateurs, raisons, variation
    )


@dataclass(frozen=True)
class ParametresDiagnostic:
    """The indicator catalogue and the default weighting, as a scoring run reads them."""

    catalogue: CatalogueIndicateurs
    ponderation: PonderationDefaut

    @property
    def version(self) -> str:
        return self.ponderation.version

    @property
    def normalisation(self) -> str:
        return self.ponderation.normalisation

    @property
    def rules(self) -> ReglesNotation:
        return self.ponderation.rules

    @property
    def seuil(self) -> float:
        return self.rules.seuil_couverture

    @property
    def domaines(self) -> dict[str, float]:
        return dict(self.ponderation.domaines)

    def specs(self) -> list[Spec]:
        return [Spec(i.id, i.domaine, i.sens, i.mode, i.seuil) for i in self.catalogue.indicateurs]

    def default_weights(self) -> dict:
        own = self.ponderation.indicateurs
        return {
            "indicateurs": {i.id: own.get(i.id, i.poids) for i in self.catalogue.indicateurs},
            "domaines": dict(self.ponderation.domaines),
            "normalisation": self.normalisation,
        }
