"""The action catalogue of the strategic plans (``data/parametres/actions.toml``), checked.

An action answers one need, at a usual horizon, with a cost model (``planning_costs``) and
possible funders. Optional fields steer the proposal (``domain/planning.py``):

- ``population_min`` / ``population_max``: proposed only to communes of that size (the
  small-commune variants: a shared or itinerant service, an intercommunal project, a smaller
  building; the larger version for larger communes);
- ``choix``: actions of one group are alternatives (one is proposed, the others offered);
- ``vision``: a long-term orientation, kept at the long term even for a priority need;
- ``cree_logements``: creates new dwellings; not proposed where vacancy is high (the plan
  says why: the vacant ones come first);
- ``sur_inventaire``: proposed only for a named item of the heritage inventory
  (``planning_heritage``), never from a count alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .planning_costs import CoutInvalide, ModeleCout, cost_range, modele_from_mapping
from .versions import VersionInvalide, parse_version

__all__ = [
    "DOMAINES",
    "HORIZONS",
    "ActionType",
    "CatalogueActions",
    "CatalogueActionsInvalide",
    "NeedType",
    "catalogue_from_mapping",
]

DOMAINES = {"patrimoine": "Patrimoine", "logement": "Logement", "services": "Services"}
HORIZONS = {"court": "Court terme", "moyen": "Moyen terme", "long": "Long terme"}
POPULATION_REFERENCE = 500  # the catalogue's range (cout_min, cout_max) is for such a commune


class CatalogueActionsInvalide(ValueError):
    """``actions.toml`` (the action catalogue) is missing a field or holds an inconsistent
    value; not to be confused with :class:`~.indicators.CatalogueIndicateursInvalide`."""


@dataclass(frozen=True)
class NeedType:
    code: str
    domaine: str
    libelle: str


@dataclass(frozen=True)
class ActionType:
    id: str
    libelle: str
    domaine: str
    besoin: str
    horizon: str
    cout_min: int  # for a commune of POPULATION_REFERENCE inhabitants (pages, manual adds)
    cout_max: int
    financeurs: tuple[str, ...]
    reference: str
    echelle: str | None = None  # kept for older readers: the cost model replaces it
    choix: str | None = None
    cout: ModeleCout | None = None
    population_min: int | None = None
    population_max: int | None = None
    vision: bool = False
    cree_logements: bool = False
    sur_inventaire: bool = False

    def fits(self, population: int | None) -> bool:
        """Whether the action is meant for a commune of ``population`` (unknown: yes)."""
        if population is None:
            return True
        if self.population_min is not None and population < self.population_min:
            return False
        return self.population_max is None or population <= self.population_max


@dataclass(frozen=True)
class CatalogueActions:
    version: str
    en_vigueur_depuis: date
    reference: str
    besoins: Mapping[str, NeedType]
    financeurs: Mapping[str, str]
    actions: tuple[ActionType, ...]
    seuil_retenu: int = 40
    seuil_prioritaire: int = 70
    max_actions_par_besoin: int = 2

    def action(self, action_id: str) -> ActionType | None:
        return next((a for a in self.actions if a.id == action_id), None)

    def funder_labels(self, codes: Iterable[str]) -> list[str]:
        return [self.financeurs.get(c, c) for c in codes]


def _require(mapping: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in mapping:
        raise CatalogueActionsInvalide(f"Champ « {key} » manquant ({where}).")
    return mapping[key]


def _action(raw: Mapping[str, Any], besoins, financeurs) -> ActionType:
    aid = _require(raw, "id", "action")
    where = f"action {aid}"
    besoin = _require(raw, "besoin", where)
    if besoin not in besoins:
        raise CatalogueActionsInvalide(f"Besoin inconnu « {besoin} » ({where}).")
    horizon = _require(raw, "horizon", where)
    if horizon not in HORIZONS:
        raise CatalogueActionsInvalide(f"Horizon inconnu « {horizon} » ({where}).")
    model = None
    if "cout" in raw:
        try:
            model = modele_from_mapping(raw["cout"], where)
        except CoutInvalide as exc:
            raise CatalogueActionsInvalide(str(exc)) from exc
        cmin, cmax, _ = cost_range(model, POPULATION_REFERENCE, {})
    else:
        cmin, cmax = int(_require(raw, "cout_min", where)), int(_require(raw, "cout_max", where))
    if not 0 <= cmin <= cmax:
        raise CatalogueActionsInvalide(f"Fourchette de coût incohérente {cmin}–{cmax} ({where}).")
    funders = tuple(_require(raw, "financeurs", where))
    unknown = [f for f in funders if f not in financeurs]
    if unknown:
        raise CatalogueActionsInvalide(f"Financeur inconnu {unknown} ({where}).")
    pmin, pmax = raw.get("population_min"), raw.get("population_max")
    if pmin is not None and pmax is not None and pmin > pmax:
        raise CatalogueActionsInvalide(
            f"Tranche de population incohérente {pmin}–{pmax} ({where})."
        )
    return ActionType(
        id=aid,
        libelle=_require(raw, "libelle", where),
        domaine=besoins[besoin].domaine,
        besoin=besoin,
        horizon=horizon,
        cout_min=cmin,
        cout_max=cmax,
        financeurs=funders,
        reference=_require(raw, "reference", where),
        echelle=raw.get("echelle"),
        choix=raw.get("choix"),
        cout=model,
        population_min=pmin,
        population_max=pmax,
        vision=bool(raw.get("vision", False)),
        cree_logements=bool(raw.get("cree_logements", False)),
        sur_inventaire=bool(raw.get("sur_inventaire", False)),
    )


def catalogue_from_mapping(data: Mapping[str, Any]) -> CatalogueActions:
    """Build and check a catalogue from the parsed TOML mapping."""
    try:
        version = parse_version(data.get("version"))
    except VersionInvalide as exc:
        raise CatalogueActionsInvalide(str(exc)) from exc
    regles = data.get("regles", {})
    financeurs = dict(_require(data, "financeurs", "racine"))
    besoins = {}
    for code, b in _require(data, "besoins", "racine").items():
        domaine = _require(b, "domaine", f"besoin {code}")
        if domaine not in DOMAINES:
            raise CatalogueActionsInvalide(f"Domaine inconnu « {domaine} » (besoin {code}).")
        besoins[code] = NeedType(code, domaine, _require(b, "libelle", f"besoin {code}"))
    actions, ids = [], set()
    for raw in _require(data, "actions", "racine"):
        action = _action(raw, besoins, financeurs)
        if action.id in ids:
            raise CatalogueActionsInvalide(f"Action « {action.id} » définie deux fois.")
        ids.add(action.id)
        actions.append(action)
    retenu = int(regles.get("seuil_retenu", 40))
    prioritaire = int(regles.get("seuil_prioritaire", 70))
    if not 0 <= retenu <= prioritaire <= 100:
        raise CatalogueActionsInvalide(
            "Seuils incohérents : 0 ≤ seuil_retenu ≤ seuil_prioritaire ≤ 100."
        )
    return CatalogueActions(
        version=version.code,
        en_vigueur_depuis=version.en_vigueur_depuis,
        reference=version.reference,
        besoins=besoins,
        financeurs=financeurs,
        actions=tuple(actions),
        seuil_retenu=retenu,
        seuil_prioritaire=prioritaire,
        max_actions_par_besoin=int(regles.get("max_actions_par_besoin", 2)),
    )
