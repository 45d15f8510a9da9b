"""Eligibility to Village A-Venir, explained criterion by criterion, at a date.

The rules (which schemes exclude, which evidence levels are certain, which dated list each
version reads, optional thresholds) come from a dated parameter file
(``data/parametres/eligibilite.toml``) read by ``village_avenir/parametres.py``, parsed by
``regles.py``; :func:`evaluate` only applies one version at one date. A membership counts when:

- it comes from the list the version names for its scheme (or from no list: an engineer's
  entry, a press finding), and a list dated after the date of judgement is never used;
- its evidence is not dated after the date of judgement (``date_source``: a verdict « au
  15/02/2021 » never cites an article of 27/01/2022);
- it had started at that date and not ended (unknown start or end: it counts).

A membership is certain when its evidence level is, except a press or web item without a
date (levels with ``datee_requise``): alone, it makes the commune « à vérifier » until an
engineer confirms it (the « À confirmer » queue, ``services/a_confirmer.py``).

A commune is:

- ``inexistante`` when it was created after the date of judgement (Pern-Lhospitalet, created
  on 01/01/2025, at 15/02/2021): no verdict, the sheet says when it was created;
- ``non_eligible`` when one criterion fails on certain evidence;
- ``a_verifier`` when nothing fails for certain but an exclusion rests on weak, medium or
  undated evidence (or an engineer marked that it « pourrait prétendre » to a scheme), or a
  datum a rule needs is missing;
- ``eligible`` otherwise, with the caveats of the schemes whose known list is partial.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .communes import Commune
from .dates import debut_date_partielle
from .nombres import format_nombre
from .regles import (
    EvidenceLevel,
    Liste,
    ReglesInvalides,
    RuleBook,
    Rules,
    Scheme,
    rulebook_from_mapping,
    rules_from_mapping,
)

__all__ = [
    "STATUTS",
    "Criterion",
    "Eligibility",
    "EvidenceLevel",
    "Liste",
    "Membership",
    "ReglesInvalides",
    "RuleBook",
    "Rules",
    "Scheme",
    "counts_at",
    "evaluate",
    "is_certain",
    "rulebook_from_mapping",
    "rules_from_mapping",
]

ELIGIBLE, NON_ELIGIBLE, A_VERIFIER = "eligible", "non_eligible", "a_verifier"
INEXISTANTE = "inexistante"  # not a verdict: the commune did not exist at that date
STATUTS = {
    ELIGIBLE: "Éligible",
    NON_ELIGIBLE: "Non éligible",
    A_VERIFIER: "À vérifier",
    INEXISTANTE: "Commune pas encore créée",
}
RESPECTE, NON_RESPECTE = "respecte", "non_respecte"
CRITERE_STATUTS = {RESPECTE: "Respecté", NON_RESPECTE: "Non respecté", A_VERIFIER: "À vérifier"}
POURRAIT_PRETENDRE = "pourrait_pretendre"


@dataclass(frozen=True)
class Membership:
    """One commune's membership of one scheme, with where we know it from."""

    programme: str
    niveau_preuve: str
    source: str
    source_url: str | None = None
    date_source: str | None = None
    preuve: str | None = None
    liste: str | None = None
    debut: date | None = None
    fin: date | None = None


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
    au: date | None = None
    listes: tuple[Liste, ...] = ()  # the dated lists the judgement used
    reserves: tuple[str, ...] = ()  # caveats of an « éligible » status (partial lists)
    informations: tuple[Membership, ...] = ()  # memberships of non-excluding schemes

    @property
    def statut_libelle(self) -> str:
        return STATUTS[self.statut]


def counts_at(m: Membership, rules: Rules, au: date | None) -> bool:
    """Does this membership count for ``rules`` at date ``au`` (see the module docstring)?"""
    named = rules.listes.get(m.programme)
    if m.liste and named is not None and m.liste != named.code:
        return False
    if au is None:
        return True
    liste = rules.catalogue_listes.get(m.liste or "")
    if named is None and liste is not None and liste.date > au:
        return False
    if m.debut is not None and m.debut > au:
        return False
    evidence = debut_date_partielle(m.date_source)
    if evidence is not None and evidence > au:  # the proof did not exist yet
        return False
    return m.fin is None or m.fin >= au


def is_certain(
    niveau_preuve: str, date_source: str | None, rules: Rules, debut: date | None = None
) -> bool:
    """Does evidence at this level exclude for certain? A level with ``datee_requise`` needs
    a date: the evidence's (``date_source``) or the membership's known start (``debut``)."""
    level = rules.levels.get(niveau_preuve)
    if level is None or not level.certain:
        return False
    undated = debut is None and debut_date_partielle(date_source) is None
    return not (level.datee_requise and undated)


def _scheme_criterion(scheme: Scheme, found: list[Membership], rules: Rules) -> Criterion:
    libelle = f"Hors « {scheme.libelle} »"
    code = f"hors_{scheme.code}"
    liste = rules.listes.get(scheme.code)
    dans = f" (liste {liste.libelle}, date de référence {liste.date_libelle})" if liste else ""
    if not found:
        raison = f"Aucune adhésion connue de la commune au dispositif « {scheme.libelle} »{dans}."
        if not scheme.liste_complete:
            raison += " La liste connue des communes membres est partielle."
        return Criterion(code, libelle, RESPECTE, raison, reference=scheme.reference)

    def strength(m: Membership) -> int:
        return 1 if is_certain(m.niveau_preuve, m.date_source, rules, m.debut) else 0

    best = max(found, key=strength)
    level = rules.levels.get(best.niveau_preuve)
    certain = is_certain(best.niveau_preuve, best.date_source, rules, best.debut)
    level_label = level.libelle if level else f"niveau inconnu « {best.niveau_preuve} »"
    if certain:
        statut = NON_RESPECTE
        raison = f"La commune est membre de « {scheme.libelle} »{dans} — {level_label.lower()}."
    elif level is not None and level.certain:  # certain level, but an undated press item
        statut = A_VERIFIER
        raison = (
            f"Adhésion à « {scheme.libelle} » rapportée par une seule source non datée "
            f"({level_label.lower()}) : à confirmer par un ingénieur du Département avant "
            "d'exclure la commune."
        )
    elif best.niveau_preuve == POURRAIT_PRETENDRE:
        statut = A_VERIFIER
        raison = (
            f"La commune pourrait prétendre à « {scheme.libelle} » sans en être membre "
            "(signalé par un ingénieur du Département) : à confirmer ou écarter."
        )
    else:
        statut = A_VERIFIER
        raison = (
            f"Adhésion à « {scheme.libelle} » possible mais non établie — {level_label.lower()} : "
            "à confirmer ou infirmer par un ingénieur du Département."
        )
    if best.debut or best.fin:
        raison += f" Adhésion depuis le {best.debut:%d/%m/%Y}" if best.debut else " Début inconnu"
        raison += f", jusqu'au {best.fin:%d/%m/%Y}." if best.fin else "."
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
            f"au moins {format_nombre(low)} habitants" if low is not None else "",
            f"au plus {format_nombre(high)} habitants" if high is not None else "",
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
    raison = f"{format_nombre(pop)} habitants."
    return Criterion("population", libelle, RESPECTE if ok else NON_RESPECTE, raison, source=source)


def evaluate(
    commune: Commune,
    memberships: Iterable[Membership],
    rules: Rules,
    resolution_note: str | None = None,
    au: date | None = None,
) -> Eligibility:
    """Apply ``rules`` to ``commune`` and its known ``memberships`` at date ``au``.

    ``au`` defaults to the version's date of judgement; without any date, only the list
    choice applies (the services pass today's date for a version without one). ``resolution_note`` is shown when the commune was
    reached through an old code (commune déléguée). Memberships of schemes the rules do not
    exclude are returned as ``informations``.
    """
    au = au or rules.date_appreciation
    if commune.date_creation is not None and au is not None and commune.date_creation > au:
        return _not_yet_created(commune, rules, au)
    by_scheme: dict[str, list[Membership]] = {}
    for m in memberships:
        if counts_at(m, rules, au):
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
    reserves = ()
    if statut == ELIGIBLE:
        reserves = tuple(s.reserve for s in rules.schemes if s.exclut and s.reserve)
    informations = tuple(
        m for s in rules.schemes if not s.exclut for m in by_scheme.get(s.code, [])
    )
    return Eligibility(
        statut,
        tuple(criteres),
        rules.version,
        notes,
        au=au,
        listes=tuple(rules.listes.values()),
        reserves=reserves,
        informations=informations,
    )


def _not_yet_created(commune: Commune, rules: Rules, au: date) -> Eligibility:
    """No verdict at a date before the commune existed: say when it was created."""
    raison = (
        f"La commune n'existait pas au {au:%d/%m/%Y} : elle a été créée le "
        f"{commune.date_creation:%d/%m/%Y}. Aucun avis d'éligibilité à cette date."
    )
    critere = Criterion(
        "commune_actuelle",
        "Commune existante à cette date",
        NON_RESPECTE,
        raison,
        source=commune.date_creation_source or "Code officiel géographique (INSEE)",
    )
    return Eligibility(
        INEXISTANTE,
        (critere,),
        rules.version,
        (raison,),
        au=au,
        listes=tuple(rules.listes.values()),
    )
