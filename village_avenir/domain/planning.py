"""Strategic plans: a catalogue of actions and the proposal of a plan from a commune's needs.

The catalogue (actions, needs they answer, typical horizon, indicative cost range, possible
funders) and the proposal rules come from a dated parameter file
(``data/parametres/actions.toml``, read by ``village_avenir/parametres.py``) checked by
:func:`catalogue_from_mapping`. :func:`propose_plan` only applies the rules:

- a need whose intensity is below ``seuil_retenu`` gives no action;
- a need at or above ``seuil_prioritaire`` brings its actions one horizon earlier;
- at most ``max_actions_par_besoin`` actions per need, in catalogue order.

Every proposed action records the need it answers (code, label, intensity, source) and the
rule applied, so the chain needs → plan stays visible.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .planning_costs import Echelle, scale
from .versions import VersionInvalide, parse_version

__all__ = [
    "DOMAINES",
    "HORIZONS",
    "STATUTS",
    "ActionType",
    "CatalogueActions",
    "CatalogueError",
    "Need",
    "NeedType",
    "Plan",
    "PlannedAction",
    "PlanningError",
    "catalogue_from_mapping",
    "earlier",
    "propose_plan",
]

DOMAINES = {"patrimoine": "Patrimoine", "logement": "Logement", "services": "Services"}
HORIZONS = {"court": "Court terme", "moyen": "Moyen terme", "long": "Long terme"}
DUREES = {"court": "0 à 2 ans", "moyen": "2 à 5 ans", "long": "5 à 10 ans et plus"}
STATUTS = {
    "prevue": "À engager",
    "engagee": "Engagée",
    "realisee": "Réalisée",
    "abandonnee": "Abandonnée",
}


class PlanningError(ValueError):
    """A need or a plan change is invalid (message in French)."""


class CatalogueError(ValueError):
    """The catalogue file is missing a field or holds an inconsistent value."""


def earlier(horizon: str) -> str:
    """The horizon one step earlier (``court`` stays ``court``)."""
    order = list(HORIZONS)
    return order[max(order.index(horizon) - 1, 0)]


@dataclass(frozen=True)
class Need:
    """A commune's need: domain, need code, intensity 0–100 and where it comes from."""

    domaine: str
    besoin: str
    intensite: int
    source: str

    def __post_init__(self) -> None:
        if self.domaine not in DOMAINES:
            raise PlanningError(f"Domaine inconnu « {self.domaine} ».")
        if isinstance(self.intensite, bool) or not isinstance(self.intensite, int):
            raise PlanningError("L'intensité d'un besoin est un nombre entier de 0 à 100.")
        if not 0 <= self.intensite <= 100:
            raise PlanningError(
                f"Intensité {self.intensite} hors de l'échelle 0–100 ({self.besoin})."
            )
        if not self.source.strip():
            raise PlanningError(f"Indiquez la source du besoin « {self.besoin} ».")


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
    cout_min: int
    cout_max: int
    financeurs: tuple[str, ...]
    reference: str
    echelle: str | None = None  # "population": the range scales with the commune's size
    choix: str | None = None  # actions sharing it are alternatives (one is proposed)


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
    echelle: Echelle = field(default_factory=Echelle)

    def action(self, action_id: str) -> ActionType | None:
        return next((a for a in self.actions if a.id == action_id), None)

    def funder_labels(self, codes: Iterable[str]) -> list[str]:
        return [self.financeurs.get(c, c) for c in codes]


@dataclass(frozen=True)
class PlannedAction:
    """One action of a plan and the need it answers."""

    action_id: str
    libelle: str
    domaine: str
    besoin: str
    besoin_libelle: str
    intensite: int | None
    source_besoin: str
    horizon: str
    cout_min: int | None
    cout_max: int | None
    financeurs: tuple[str, ...]
    regle: str
    budget: int | None = None
    porteur: str | None = None
    statut: str = "prevue"


@dataclass(frozen=True)
class Plan:
    catalogue_version: str
    needs: tuple[Need, ...]
    actions: tuple[PlannedAction, ...] = field(default_factory=tuple)

    def by_horizon(self) -> dict[str, tuple[PlannedAction, ...]]:
        return {h: tuple(a for a in self.actions if a.horizon == h) for h in HORIZONS}


def propose_plan(
    needs: Iterable[Need], catalogue: CatalogueActions, population: int | None = None
) -> Plan:
    """The plan proposed for ``needs``: catalogue actions grouped by horizon (see module doc).

    Needs are taken from the most intense down; an action answering two needs appears once,
    for the first (most intense) need. Of actions sharing a ``choix`` group only the first is
    proposed (the others are offered beside it); ranges marked ``echelle`` are scaled to
    ``population`` (``planning_costs``).
    """
    needs = tuple(needs)
    seen_needs: set[str] = set()
    for n in needs:
        if n.besoin not in catalogue.besoins:
            raise PlanningError(f"Besoin inconnu du catalogue « {n.besoin} ».")
        if catalogue.besoins[n.besoin].domaine != n.domaine:
            raise PlanningError(
                f"Le besoin « {n.besoin} » relève du domaine "
                f"{catalogue.besoins[n.besoin].domaine}, pas {n.domaine}."
            )
        if n.besoin in seen_needs:
            raise PlanningError(f"Besoin « {n.besoin} » donné deux fois.")
        seen_needs.add(n.besoin)
    chosen: list[PlannedAction] = []
    taken: set[str] = set()
    for need in sorted(needs, key=lambda n: -n.intensite):
        if need.intensite < catalogue.seuil_retenu:
            continue
        prioritaire = need.intensite >= catalogue.seuil_prioritaire
        candidates = [a for a in catalogue.actions if a.besoin == need.besoin and a.id not in taken]
        groups: set[str] = set()
        kept = []
        for a in candidates:  # one action per choice group: the others are alternatives
            if a.choix and a.choix in groups:
                continue
            if a.choix:
                groups.add(a.choix)
            kept.append(a)
        for action in kept[: catalogue.max_actions_par_besoin]:
            taken.add(action.id)
            horizon = earlier(action.horizon) if prioritaire else action.horizon
            if prioritaire and horizon != action.horizon:
                regle = (
                    f"Besoin prioritaire ({need.intensite}/100 ≥ {catalogue.seuil_prioritaire}) : "
                    f"avancé de « {HORIZONS[action.horizon]} » à « {HORIZONS[horizon]} »."
                )
            elif prioritaire:
                regle = (
                    f"Besoin prioritaire ({need.intensite}/100 ≥ {catalogue.seuil_prioritaire}) : "
                    f"action déjà au court terme."
                )
            else:
                regle = (
                    f"Besoin retenu ({need.intensite}/100 ≥ {catalogue.seuil_retenu}) : "
                    f"horizon habituel de l'action."
                )
            cmin, cmax, note = scale(
                action.cout_min, action.cout_max, action.echelle, population, catalogue.echelle
            )
            if note:
                regle = f"{regle} {note}"
            chosen.append(
                PlannedAction(
                    action_id=action.id,
                    libelle=action.libelle,
                    domaine=action.domaine,
                    besoin=need.besoin,
                    besoin_libelle=catalogue.besoins[need.besoin].libelle,
                    intensite=need.intensite,
                    source_besoin=need.source,
                    horizon=horizon,
                    cout_min=cmin,
                    cout_max=cmax,
                    financeurs=action.financeurs,
                    regle=regle,
                )
            )
    order = list(HORIZONS)
    chosen.sort(key=lambda a: order.index(a.horizon))
    return Plan(catalogue.version, needs, tuple(chosen))


# --- loading --------------------------------------------------------------------------------


def _require(mapping: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in mapping:
        raise CatalogueError(f"Champ « {key} » manquant ({where}).")
    return mapping[key]


def catalogue_from_mapping(data: Mapping[str, Any]) -> CatalogueActions:
    """Build and check a catalogue from the parsed TOML mapping."""
    try:
        version = parse_version(data.get("version"))
    except VersionInvalide as exc:
        raise CatalogueError(str(exc)) from exc
    regles = data.get("regles", {})
    financeurs = dict(_require(data, "financeurs", "racine"))
    besoins = {}
    for code, b in _require(data, "besoins", "racine").items():
        domaine = _require(b, "domaine", f"besoin {code}")
        if domaine not in DOMAINES:
            raise CatalogueError(f"Domaine inconnu « {domaine} » (besoin {code}).")
        besoins[code] = NeedType(code, domaine, _require(b, "libelle", f"besoin {code}"))
    actions, ids = [], set()
    for raw in _require(data, "actions", "racine"):
        aid = _require(raw, "id", "action")
        where = f"action {aid}"
        if aid in ids:
            raise CatalogueError(f"Action « {aid} » définie deux fois.")
        ids.add(aid)
        besoin = _require(raw, "besoin", where)
        if besoin not in besoins:
            raise CatalogueError(f"Besoin inconnu « {besoin} » ({where}).")
        horizon = _require(raw, "horizon", where)
        if horizon not in HORIZONS:
            raise CatalogueError(f"Horizon inconnu « {horizon} » ({where}).")
        cmin, cmax = int(_require(raw, "cout_min", where)), int(_require(raw, "cout_max", where))
        if not 0 <= cmin <= cmax:
            raise CatalogueError(f"Fourchette de coût incohérente {cmin}–{cmax} ({where}).")
        funders = tuple(_require(raw, "financeurs", where))
        unknown = [f for f in funders if f not in financeurs]
        if unknown:
            raise CatalogueError(f"Financeur inconnu {unknown} ({where}).")
        actions.append(
            ActionType(
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
            )
        )
    retenu = int(regles.get("seuil_retenu", 40))
    prioritaire = int(regles.get("seuil_prioritaire", 70))
    if not 0 <= retenu <= prioritaire <= 100:
        raise CatalogueError("Seuils incohérents : 0 ≤ seuil_retenu ≤ seuil_prioritaire ≤ 100.")
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
        echelle=Echelle(**dict(data.get("echelle", {}))),
    )
