"""Eligibility to Village A-Venir, explained criterion by criterion.

The rules (which schemes exclude, which evidence levels are certain, optional thresholds)
come from a dated parameter file (``data/parametres/eligibilite.toml``) loaded by
:func:`load_rules`; :func:`evaluate` only applies them. A commune is:

- ``non_eligible`` when one criterion fails on certain evidence;
- ``a_verifier`` when nothing fails for certain but an exclusion rests on weak or medium
  evidence, or a datum a rule needs is missing;
- ``eligible`` otherwise.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .communes import Commune

__all__ = [
    "STATUTS",
    "Criterion",
    "Eligibility",
    "EvidenceLevel",
    "Membership",
    "Rules",
    "RulesError",
    "Scheme",
    "evaluate",
    "load_rules",
    "rules_from_mapping",
]

ELIGIBLE, NON_ELIGIBLE, A_VERIFIER = "eligible", "non_eligible", "a_verifier"
STATUTS = {ELIGIBLE: "Éligible", NON_ELIGIBLE: "Non éligible", A_VERIFIER: "À vérifier"}
RESPECTE, NON_RESPECTE = "respecte", "non_respecte"
CRITERE_STATUTS = {RESPECTE: "Respecté", NON_RESPECTE: "Non respecté", A_VERIFIER: "À vérifier"}


class RulesError(ValueError):
    """The parameter file is missing a field or holds an inconsistent value."""


@dataclass(frozen=True)
class EvidenceLevel:
    code: str
    libelle: str
    certain: bool


@dataclass(frozen=True)
class Scheme:
    """A revitalisation scheme (dispositif) whose members may be excluded."""

    code: str
    libelle: str
    porteur: str
    exclut: bool
    liste_complete: bool
    reference: str


@dataclass(frozen=True)
class Rules:
    version: str
    en_vigueur_depuis: date
    reference: str
    schemes: tuple[Scheme, ...]
    levels: Mapping[str, EvidenceLevel]
    population_max: int | None = None
    population_min: int | None = None

    def scheme(self, code: str) -> Scheme | None:
        return next((s for s in self.schemes if s.code == code), None)


@dataclass(frozen=True)
class Membership:
    """One commune's membership of one scheme, with where we know it from."""

    programme: str
    niveau_preuve: str
    source: str
    source_url: str | None = None
    date_source: str | None = None
    preuve: str | None = None


@dataclass(frozen=True)
class Criterion:
    code: str
    libelle: str
    statut: str
    raison: str
    source: str | None = None
    source_url: str | None = None
    date_source: str | None = None
    niveau_preuve: str | None = None
    niveau_preuve_libelle: str | None = None
    reference: str | None = None

    @property
    def statut_libelle(self) -> str:
        return CRITERE_STATUTS[self.statut]


@dataclass(frozen=True)
class Eligibility:
    statut: str
    criteres: tuple[Criterion, ...]
    regles_version: str
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def statut_libelle(self) -> str:
        return STATUTS[self.statut]


def load_rules(path: str | Path) -> Rules:
    """Read the rules from a TOML parameter file."""
    with open(path, "rb") as fh:
        return rules_from_mapping(tomllib.load(fh))


def rules_from_mapping(data: Mapping[str, Any]) -> Rules:
    """Build :class:`Rules` from the parsed parameter file (see eligibilite.toml)."""
    try:
        version = data["version"]
        levels = {
            code: EvidenceLevel(code, str(v["libelle"]), bool(v["certain"]))
            for code, v in data["niveaux_preuve"].items()
        }
        schemes = tuple(
            Scheme(
                code=str(s["code"]),
                libelle=str(s["libelle"]),
                porteur=str(s.get("porteur", "")),
                exclut=bool(s.get("exclut", True)),
                liste_complete=bool(s.get("liste_complete", True)),
                reference=str(s["reference"]),
            )
            for s in data["dispositifs"]
        )
        seuils = data.get("seuils", {})
        rules = Rules(
            version=str(version["code"]),
            en_vigueur_depuis=version["en_vigueur_depuis"],
            reference=str(version["reference"]),
            schemes=schemes,
            levels=levels,
            population_max=seuils.get("population_max"),
            population_min=seuils.get("population_min"),
        )
    except (KeyError, TypeError) as exc:
        raise RulesError(
            f"Fichier de règles incomplet : champ manquant ou invalide ({exc})."
        ) from exc
    if len({s.code for s in schemes}) != len(schemes):
        raise RulesError("Fichier de règles : un code de dispositif apparaît deux fois.")
    return rules


def _scheme_criterion(scheme: Scheme, found: list[Membership], rules: Rules) -> Criterion:
    libelle = f"Hors « {scheme.libelle} »"
    code = f"hors_{scheme.code}"
    if not found:
        raison = f"Aucune adhésion connue de la commune au dispositif « {scheme.libelle} »."
        if not scheme.liste_complete:
            raison += " La liste connue des communes membres est partielle."
        return Criterion(code, libelle, RESPECTE, raison, reference=scheme.reference)

    def strength(m: Membership) -> int:
        level = rules.levels.get(m.niveau_preuve)
        return 1 if level and level.certain else 0

    best = max(found, key=strength)
    level = rules.levels.get(best.niveau_preuve)
    certain = bool(level and level.certain)
    level_label = level.libelle if level else f"niveau inconnu « {best.niveau_preuve} »"
    if certain:
        statut = NON_RESPECTE
        raison = f"La commune est membre de « {scheme.libelle} » — {level_label.lower()}."
    else:
        statut = A_VERIFIER
        raison = (
            f"Adhésion à « {scheme.libelle} » possible mais non établie — {level_label.lower()} : "
            "à confirmer ou infirmer par un ingénieur du Département."
        )
    if best.preuve:
        raison += f" Preuve : {best.preuve}"
    return Criterion(
        code,
        libelle,
        statut,
        raison,
        source=best.source,
        source_url=best.source_url,
        date_source=best.date_source,
        niveau_preuve=best.niveau_preuve,
        niveau_preuve_libelle=level_label,
        reference=scheme.reference,
    )


def _population_criterion(commune: Commune, rules: Rules) -> Criterion | None:
    low, high = rules.population_min, rules.population_max
    if low is None and high is None:
        return None
    bounds = " et ".join(
        part
        for part in (
            f"au moins {low:,} habitants".replace(",", " ") if low is not None else "",
            f"au plus {high:,} habitants".replace(",", " ") if high is not None else "",
        )
        if part
    )
    libelle = f"Population : {bounds}"
    source = f"Population municipale ({commune.population_annee or 'millésime non précisé'})"
    if commune.population is None:
        return Criterion(
            "population", libelle, A_VERIFIER, "Population inconnue : donnée manquante."
        )
    pop = commune.population
    ok = (low is None or pop >= low) and (high is None or pop <= high)
    raison = f"{pop:,} habitants.".replace(",", " ")
    return Criterion("population", libelle, RESPECTE if ok else NON_RESPECTE, raison, source=source)


def evaluate(
    commune: Commune,
    memberships: Iterable[Membership],
    rules: Rules,
    resolution_note: str | None = None,
) -> Eligibility:
    """Apply ``rules`` to ``commune`` and its known ``memberships``.

    ``resolution_note`` is shown when the commune was reached through an old code (commune
    déléguée). Memberships of schemes the rules do not exclude are ignored.
    """
    by_scheme: dict[str, list[Membership]] = {}
    for m in memberships:
        by_scheme.setdefault(m.programme, []).append(m)

    actuelle = "Commune en vigueur au code officiel géographique."
    if resolution_note:
        actuelle += " " + resolution_note
    criteres = [
        Criterion(
            "commune_actuelle",
            "Commune actuelle",
            RESPECTE,
            actuelle,
            source="Code officiel géographique (INSEE), référentiel des communes",
        )
    ]
    criteres += [
        _scheme_criterion(s, by_scheme.get(s.code, []), rules) for s in rules.schemes if s.exclut
    ]
    population = _population_criterion(commune, rules)
    if population:
        criteres.append(population)

    statuts = {c.statut for c in criteres}
    if NON_RESPECTE in statuts:
        statut = NON_ELIGIBLE
    elif A_VERIFIER in statuts:
        statut = A_VERIFIER
    else:
        statut = ELIGIBLE
    notes = (resolution_note,) if resolution_note else ()
    return Eligibility(statut, tuple(criteres), rules.version, notes)
