"""Costs of a plan: each catalogue action's cost model, the plan's totals per horizon and per
inhabitant, and the commune's reference investment capacity.

Cost model (``cout`` of an action in ``data/parametres/actions.toml``), with its ``source``:

- ``base = "forfait"``: ``min``–``max`` euros whatever the commune;
- ``base = "habitant"``: ``min``–``max`` euros per inhabitant, the result kept within
  ``plancher``–``plafond`` (a study or a square has a floor and a ceiling);
- ``base = "logement"`` / ``"m2"`` / ``"unite"``: ``min``–``max`` euros per dwelling, per m²
  or per item, times a quantity: either from the commune's size (``quantites``: a list of
  ``[population_max, quantity]``, the first band holding the population wins, the last one
  catches the rest: a smaller building for a smaller commune), or from one of the commune's
  figures (``assiette``, e.g. its vacant dwellings, times ``part``, kept within
  ``quantite_min``–``quantite_max``).

Capacity (``data/parametres/capacites.toml``): the public average of communal equipment
spending per inhabitant and year for the commune's size band, times its population and the
years of each horizon. A plan whose lowest total is above it is flagged: it asks more than
the commune invests in everything (roads included) over the same years.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .nombres import format_euros, format_nombre
from .versions import VersionInvalide, parse_version

__all__ = [
    "BASES",
    "ANNEES_HORIZON",
    "Capacites",
    "CoutInvalide",
    "ModeleCout",
    "TrancheCapacite",
    "alternatives",
    "capacites_from_mapping",
    "cost_range",
    "modele_from_mapping",
    "plan_totals",
    "total_range",
]

BASES = {
    "forfait": "forfait",
    "habitant": "par habitant",
    "logement": "par logement",
    "m2": "par m²",
    "unite": "par élément",
}
UNITES = {"logement": "logement(s)", "m2": "m²", "unite": "élément(s)"}
# years covered by each horizon (court 0–2 ans, moyen 3–5, long 6–10)
ANNEES_HORIZON = {"court": 2, "moyen": 3, "long": 5}


class CoutInvalide(ValueError):
    """A cost model or the capacity file is malformed (message in French)."""


@dataclass(frozen=True)
class ModeleCout:
    base: str
    min: float
    max: float
    source: str
    plancher: int | None = None
    plafond: int | None = None
    quantites: tuple[tuple[int, float], ...] = ()
    assiette: str | None = None
    part: float = 1.0
    quantite_min: float = 1
    quantite_max: float | None = None


def modele_from_mapping(raw: Mapping[str, Any], where: str) -> ModeleCout:
    """Check one action's ``cout`` table."""
    try:
        base = raw["base"]
        if base not in BASES:
            raise CoutInvalide(f"Base de coût inconnue « {base} » ({where}).")
        lo, hi = float(raw["min"]), float(raw["max"])
        source = str(raw["source"]).strip()
    except KeyError as exc:
        raise CoutInvalide(f"Champ « {exc.args[0]} » manquant dans le coût ({where}).") from exc
    if not 0 <= lo <= hi:
        raise CoutInvalide(f"Fourchette de coût incohérente {lo}–{hi} ({where}).")
    if not source:
        raise CoutInvalide(f"Indiquez la source du coût ({where}).")
    quantites = tuple((int(p), float(q)) for p, q in raw.get("quantites", ()))
    model = ModeleCout(
        base,
        lo,
        hi,
        source,
        raw.get("plancher"),
        raw.get("plafond"),
        quantites,
        raw.get("assiette"),
        float(raw.get("part", 1.0)),
        float(raw.get("quantite_min", 1)),
        raw.get("quantite_max"),
    )
    if base in UNITES and not (quantites or model.assiette):
        raise CoutInvalide(f"Coût {BASES[base]} sans quantité (quantites ou assiette) ({where}).")
    return model


def _round(value: float) -> int:
    return int(round(value / 1000.0)) * 1000 if value >= 1000 else int(round(value))


def _quantity(model: ModeleCout, population: int | None, faits: Mapping[str, float]):
    """(quantity, how it was found) or (None, why not)."""
    if model.assiette:
        base = faits.get(model.assiette)
        if base is None:
            q = model.quantite_min
            return q, f"{format_nombre(q)} {UNITES[model.base]} (chiffre de la commune inconnu)"
        q = max(model.quantite_min, round(base * model.part))
        if model.quantite_max is not None:
            q = min(q, float(model.quantite_max))
        return q, f"{format_nombre(q)} {UNITES[model.base]}"
    if population is None:
        return model.quantites[-1][
            1
        ], f"{format_nombre(model.quantites[-1][1])} {UNITES[model.base]}"
    q = next((q for pmax, q in model.quantites if population <= pmax), model.quantites[-1][1])
    return q, f"{format_nombre(q)} {UNITES[model.base]} pour {format_nombre(population)} hab."


def cost_range(
    model: ModeleCout, population: int | None, faits: Mapping[str, float] | None = None
) -> tuple[int, int, str]:
    """(min, max, basis in words) of an action for a commune; rounded to the thousand."""
    faits = faits or {}
    unit = f"{format_euros(model.min)} à {format_euros(model.max)}"
    if model.base == "forfait":
        return _round(model.min), _round(model.max), f"forfait ; source : {model.source}."
    if model.base == "habitant":
        pop = population or 0
        lo, hi = model.min * pop, model.max * pop
        if model.plancher is not None:
            lo, hi = max(lo, model.plancher), max(hi, model.plancher)
        if model.plafond is not None:
            lo, hi = min(lo, model.plafond), min(hi, model.plafond)
        return (
            _round(lo),
            _round(hi),
            f"{unit} par habitant × {format_nombre(pop)} hab. ; source : {model.source}.",
        )
    q, how = _quantity(model, population, faits)
    return (
        _round(model.min * q),
        _round(model.max * q),
        f"{unit} {BASES[model.base]} × {how} ; source : {model.source}.",
    )


# --- capacity -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrancheCapacite:
    population_max: int
    libelle: str
    euros_par_habitant_an: int
    source: str
    annee: str


@dataclass(frozen=True)
class Capacites:
    version: str
    reference: str
    tranches: tuple[TrancheCapacite, ...]

    def tranche(self, population: int | None) -> TrancheCapacite | None:
        if population is None:
            return None
        return next((t for t in self.tranches if population <= t.population_max), None)


def capacites_from_mapping(data: Mapping[str, Any]) -> Capacites:
    """Check ``capacites.toml``: bands in increasing order, each with its figure and source."""
    try:
        version = parse_version(data.get("version"))
        bands = tuple(
            TrancheCapacite(
                int(t["population_max"]),
                str(t["libelle"]),
                int(t["euros_par_habitant_an"]),
                str(t["source"]),
                str(t["annee"]),
            )
            for t in data["tranches"]
        )
    except (KeyError, TypeError, ValueError, VersionInvalide) as exc:
        raise CoutInvalide(f"Capacités d'investissement incomplètes ({exc}).") from exc
    if not bands or [t.population_max for t in bands] != sorted({t.population_max for t in bands}):
        raise CoutInvalide("Les tranches de capacité vont en population croissante, sans doublon.")
    if any(t.euros_par_habitant_an <= 0 or not t.source.strip() for t in bands):
        raise CoutInvalide("Chaque tranche a un montant positif et sa source.")
    return Capacites(version.code, version.reference, bands)


@dataclass(frozen=True)
class TotauxPlan:
    """A plan's totals against the commune's reference capacity (None: population unknown)."""

    par_horizon: dict[str, tuple[int, int]]
    total: tuple[int, int]
    par_habitant: tuple[int, int] | None
    capacite_par_horizon: dict[str, int] | None
    capacite_totale: int | None
    tranche: TrancheCapacite | None
    au_dessus: bool  # the lowest total exceeds the capacity over the same years

    def texte(self) -> str:
        if self.capacite_totale is None or self.tranche is None:
            return "Capacité de référence inconnue (population inconnue)."
        verdict = "au-dessus de" if self.au_dessus else "dans"
        return (
            f"Plan de {format_euros(self.total[0])} à {format_euros(self.total[1])}, {verdict} "
            f"la capacité de référence de {format_euros(self.capacite_totale)} sur 10 ans "
            f"({format_euros(self.tranche.euros_par_habitant_an)} par habitant et par an pour "
            f"les communes de {self.tranche.libelle} ; {self.tranche.source}, "
            f"{self.tranche.annee})."
        )


def plan_totals(
    costs: Iterable[tuple[str, int | None, int | None]],
    population: int | None,
    capacites: Capacites,
) -> TotauxPlan:
    """Totals of ``(horizon, min, max)`` lines, per inhabitant and against the capacity."""
    per = {h: (0, 0) for h in ANNEES_HORIZON}
    for horizon, lo, hi in costs:
        if lo is None or hi is None:
            continue
        a, b = per[horizon]
        per[horizon] = (a + lo, b + hi)
    total = (sum(v[0] for v in per.values()), sum(v[1] for v in per.values()))
    band = capacites.tranche(population)
    if not population or band is None:
        return TotauxPlan(per, total, None, None, None, None, False)
    cap = {h: band.euros_par_habitant_an * population * y for h, y in ANNEES_HORIZON.items()}
    cap_total = sum(cap.values())
    per_hab = (round(total[0] / population), round(total[1] / population))
    return TotauxPlan(per, total, per_hab, cap, cap_total, band, total[0] > cap_total)


# --- choices and sums (plan pages) ---------------------------------------------------------


def alternatives(
    action_id: str, choix: Mapping[str, str | None], taken: Iterable[str]
) -> list[str]:
    """Ids of the other actions of ``action_id``'s choice group not already in the plan."""
    group = choix.get(action_id)
    if not group:
        return []
    taken = set(taken)
    return [a for a, g in choix.items() if g == group and a != action_id and a not in taken]


def total_range(costs: Iterable[tuple[int | None, int | None]]) -> tuple[int, int, int, int]:
    """(sum of minima, sum of maxima, actions with a range, actions without one)."""
    lo = hi = known = unknown = 0
    for cmin, cmax in costs:
        if cmin is None or cmax is None:
            unknown += 1
            continue
        lo, hi, known = lo + cmin, hi + cmax, known + 1
    return lo, hi, known, unknown
