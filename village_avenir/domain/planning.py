"""Strategic plans: the proposal of a plan from a commune's needs and figures.

The catalogue (``planning_catalogue``, from ``data/parametres/actions.toml``) holds the
actions, their cost models and the thresholds; :func:`propose_plan` only applies the rules:

- a need whose intensity is below ``seuil_retenu`` gives no action;
- a need at or above ``seuil_prioritaire`` brings its actions one horizon earlier, except a
  long-term vision (``vision``), which stays a vision;
- at most ``max_actions_par_besoin`` actions per need, in catalogue order, among those meant
  for the commune's size (small-commune variants) and one per ``choix`` group;
- no new dwellings (``cree_logements``) where the vacancy need is retained: the plan says
  why (the vacant dwellings come first);
- heritage lines come from heritage evidence only: a need measured by the diagnosis
  (Mérimée count, an engineer's assessment, a declared inventory) or named inventory items
  (``planning_heritage``); restoration of a protected monument needs a named item. Without
  any heritage evidence the plan says « patrimoine à évaluer : visite à prévoir »;
- each action's cost is its cost model applied to the commune (``planning_costs``).

Every proposed action records the need it answers (code, label, intensity, figures) and the
rule applied, so the chain figures → needs → plan stays visible.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .patrimoine import ElementPatrimoine
from .planning_catalogue import (
    DOMAINES,
    HORIZONS,
    ActionType,
    CatalogueActions,
    CatalogueActionsInvalide,
    NeedType,
    catalogue_from_mapping,
)
from .planning_costs import cost_range
from .planning_heritage import heritage_lines
from .refus import Refus

__all__ = [
    "DOMAINES",
    "HORIZONS",
    "PATRIMOINE_A_EVALUER",
    "STATUTS",
    "ActionType",
    "BesoinsInvalides",
    "CatalogueActions",
    "CatalogueActionsInvalide",
    "Need",
    "NeedType",
    "Plan",
    "PlannedAction",
    "catalogue_from_mapping",
    "earlier",
    "propose_plan",
]

DUREES = {"court": "0 à 2 ans", "moyen": "2 à 5 ans", "long": "5 à 10 ans et plus"}
STATUTS = {
    "prevue": "À engager",
    "engagee": "Engagée",
    "realisee": "Réalisée",
    "abandonnee": "Abandonnée",
}
PATRIMOINE_A_EVALUER = "patrimoine à évaluer : visite à prévoir"
HERITAGE_NEEDS = ("patrimoine_protege", "patrimoine_bati")
# needs whose actions add housing supply: where vacancy is retained, they say why they remain
HOUSING_SUPPLY_NEEDS = ("offre_locative", "residences_secondaires")
REUSE = "Vacance élevée : pas de logement neuf, cette action s'appuie sur le bâti existant."
SANS_LONG_TERME = (
    "Aucune orientation de long terme ne ressort des chiffres : la vision à 10 ans est à "
    "construire avec la commune."
)


class BesoinsInvalides(Refus, ValueError):
    """The needs a plan is proposed from are refused: out of scale, unsourced, unknown to the
    catalogue, in the wrong domain, given twice (message in French)."""


def earlier(horizon: str) -> str:
    """The horizon one step earlier (``court`` stays ``court``)."""
    order = list(HORIZONS)
    return order[max(order.index(horizon) - 1, 0)]


@dataclass(frozen=True)
class Need:
    """A commune's need: domain, need code, intensity 0–100, where it comes from and the
    figures behind it (``preuves``: one sentence per figure)."""

    domaine: str
    besoin: str
    intensite: int
    source: str
    preuves: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.domaine not in DOMAINES:
            raise BesoinsInvalides(f"Domaine inconnu « {self.domaine} ».")
        if isinstance(self.intensite, bool) or not isinstance(self.intensite, int):
            raise BesoinsInvalides("L'intensité d'un besoin est un nombre entier de 0 à 100.")
        if not 0 <= self.intensite <= 100:
            raise BesoinsInvalides(
                f"Intensité {self.intensite} hors de l'échelle 0–100 ({self.besoin})."
            )
        if not self.source.strip():
            raise BesoinsInvalides(f"Indiquez la source du besoin « {self.besoin} ».")


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
    base_cout: str = ""  # the cost model in words, with its source
    preuves: tuple[str, ...] = ()  # the figures of the need


@dataclass(frozen=True)
class Plan:
    catalogue_version: str
    needs: tuple[Need, ...]
    actions: tuple[PlannedAction, ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = ()  # why something is not proposed, what is left to assess
    patrimoine_a_evaluer: bool = False  # no heritage evidence: PATRIMOINE_A_EVALUER

    def by_horizon(self) -> dict[str, tuple[PlannedAction, ...]]:
        return {h: tuple(a for a in self.actions if a.horizon == h) for h in HORIZONS}

    @property
    def sans_long_terme(self) -> bool:
        return not any(a.horizon == "long" for a in self.actions)


def _check(needs: tuple[Need, ...], catalogue: CatalogueActions) -> None:
    seen: set[str] = set()
    for n in needs:
        if n.besoin not in catalogue.besoins:
            raise BesoinsInvalides(f"Besoin inconnu du catalogue « {n.besoin} ».")
        if catalogue.besoins[n.besoin].domaine != n.domaine:
            raise BesoinsInvalides(
                f"Le besoin « {n.besoin} » relève du domaine "
                f"{catalogue.besoins[n.besoin].domaine}, pas {n.domaine}."
            )
        if n.besoin in seen:
            raise BesoinsInvalides(f"Besoin « {n.besoin} » donné deux fois.")
        seen.add(n.besoin)


def _rule(need: Need, action: ActionType, horizon: str, cat: CatalogueActions) -> str:
    if need.intensite < cat.seuil_prioritaire:
        return f"Besoin retenu ({need.intensite}/100 ≥ {cat.seuil_retenu}) : horizon habituel."
    head = f"Besoin prioritaire ({need.intensite}/100 ≥ {cat.seuil_prioritaire}) : "
    if action.vision:
        return head + "orientation de long terme, gardée au long terme."
    if horizon != action.horizon:
        return head + f"avancé de « {HORIZONS[action.horizon]} » à « {HORIZONS[horizon]} »."
    return head + "action déjà au court terme."


def _cost(action: ActionType, population, faits) -> tuple[int, int, str]:
    if action.cout is None:
        return action.cout_min, action.cout_max, "Fourchette indicative du catalogue."
    return cost_range(action.cout, population, faits)


def _kept(catalogue, need, taken, population, creation_blocked, notes) -> list[ActionType]:
    kept, groups = [], set()
    for a in catalogue.actions:
        if a.besoin != need.besoin or a.id in taken or a.sur_inventaire or not a.fits(population):
            continue
        if a.choix and a.choix in groups:
            continue  # one action per choice group: the others are alternatives
        if a.cree_logements and creation_blocked:
            notes.append(
                f"« {a.libelle} » n'est pas proposé : la vacance de la commune est élevée, les "
                "logements vacants sont à remettre sur le marché avant d'en construire."
            )
            continue
        if a.choix:
            groups.add(a.choix)
        kept.append(a)
    return kept[: catalogue.max_actions_par_besoin]


def propose_plan(
    needs: Iterable[Need],
    catalogue: CatalogueActions,
    population: int | None = None,
    *,
    faits: Mapping[str, float] | None = None,
    patrimoine: Iterable[ElementPatrimoine] | None = None,
    patrimoine_evalue: bool | None = None,
) -> Plan:
    """The plan proposed for ``needs`` (rules in the module doc).

    ``faits``: the commune's figures some cost models count (e.g. ``log_vacants``);
    ``patrimoine``: named inventory items; ``patrimoine_evalue``: whether any heritage
    figure is known (Mérimée, assessment, inventory), even one proposing nothing."""
    needs = tuple(needs)
    _check(needs, catalogue)
    retained = [n for n in needs if n.intensite >= catalogue.seuil_retenu]
    creation_blocked = any(n.besoin == "logements_vacants" for n in retained)
    chosen: list[PlannedAction] = []
    notes: list[str] = []
    taken: set[str] = set()
    for need in sorted(retained, key=lambda n: -n.intensite):
        prioritaire = need.intensite >= catalogue.seuil_prioritaire
        for action in _kept(catalogue, need, taken, population, creation_blocked, notes):
            taken.add(action.id)
            horizon = action.horizon
            if prioritaire and not action.vision:
                horizon = earlier(horizon)
            cmin, cmax, basis = _cost(action, population, faits)
            rule = _rule(need, action, horizon, catalogue)
            if creation_blocked and need.besoin in HOUSING_SUPPLY_NEEDS:
                rule += f" {REUSE}"
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
                    regle=f"{rule} Coût : {basis}",
                    base_cout=basis,
                    preuves=need.preuves,
                )
            )
    items = tuple(patrimoine or ())
    chosen.extend(_heritage(items, catalogue, population, faits, notes))
    evalue = patrimoine_evalue
    if evalue is None:
        evalue = bool(items) or any(n.besoin in HERITAGE_NEEDS for n in needs)
    if not (evalue or items):
        notes.append(f"Patrimoine : {PATRIMOINE_A_EVALUER}.")
    order = list(HORIZONS)
    chosen.sort(key=lambda a: order.index(a.horizon))
    if not any(a.horizon == "long" for a in chosen):
        notes.append(SANS_LONG_TERME)
    return Plan(
        catalogue.version,
        needs,
        tuple(chosen),
        tuple(dict.fromkeys(notes)),
        not (evalue or items),
    )


def _heritage(items, catalogue, population, faits, notes) -> list[PlannedAction]:
    lines, item_notes = heritage_lines(items)
    notes.extend(item_notes)
    out = []
    for line in lines:
        template = catalogue.action(line.template)
        if template is None:
            raise BesoinsInvalides(f"Action « {line.template} » absente du catalogue.")
        cmin, cmax, basis = _cost(template, population, faits)
        if line.cout_min is not None and line.cout_max is not None:
            cmin, cmax, basis = line.cout_min, line.cout_max, "Estimation de l'inventaire."
        out.append(
            PlannedAction(
                action_id=template.id,
                libelle=line.libelle,
                domaine=template.domaine,
                besoin=template.besoin,
                besoin_libelle=catalogue.besoins[template.besoin].libelle,
                intensite=None,
                source_besoin=line.raison,
                horizon=line.horizon,
                cout_min=cmin,
                cout_max=cmax,
                financeurs=template.financeurs,
                regle=f"Élément de l'inventaire du patrimoine. Coût : {basis}",
                base_cout=basis,
                preuves=(line.raison,),
            )
        )
    return out
