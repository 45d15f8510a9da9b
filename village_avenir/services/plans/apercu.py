"""The preview: the plan that would be proposed to a commune (:func:`propose_for`) or to
every ranked commune (:func:`preview_plans`), saving nothing.

:func:`preview_plans` reads the context once (``besoins.load_contexte``) and proposes each
ranked commune's plan (``domain.planning.propose_plan``) with its totals against the
reference capacity (``domain.planning_costs.plan_totals``). :func:`write_preview_csv` writes
one line per action (``;``-separated; a commune without an action gets one line with an
empty action). Nothing is written to the database.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from sqlmodel import Session

from ...domain.patrimoine import ElementPatrimoine
from ...domain.planning import CatalogueActions, Need, Plan, propose_plan
from ...domain.planning_costs import TotauxPlan, plan_totals
from ...parametres import (
    load_capacites,
    load_catalogue_actions,
    load_correspondance_besoins,
    load_regles,
)
from ..diagnostic.rangs import classement
from .besoins import ContexteBesoins, load_contexte, with_figures

__all__ = ["COLONNES", "ApercuCommune", "preview_plans", "propose_for", "write_preview_csv"]

COLONNES = (
    "code_insee",
    "commune",
    "population",
    "action",
    "action_id",
    "besoin",
    "intensite",
    "horizon",
    "cout_min",
    "cout_max",
    "total_min_plan",
    "total_max_plan",
    "capacite_reference_10_ans",
    "au_dessus_capacite",
    "notes",
)


@dataclass(frozen=True)
class ApercuCommune:
    code_insee: str
    nom: str
    population: int | None
    plan: Plan
    totaux: TotauxPlan


def propose_for(
    session: Session,
    code: str,
    needs: Iterable[Need] | None = None,
    *,
    catalogue: CatalogueActions | None = None,
    patrimoine: Iterable[ElementPatrimoine] | None = None,
    contexte: ContexteBesoins | None = None,
) -> tuple[Plan, TotauxPlan]:
    """The plan that would be proposed to ``code`` (saving nothing) and its totals against
    the reference capacity. ``patrimoine``: named heritage items (None: the commune's
    validated inventory). ``needs``: as given (None: the diagnosis's, with their figures);
    a need kept at the diagnosis's intensity gets the diagnosis's figures. The plan carries
    its notes (``Plan.notes``: heritage to assess, no new dwellings over high vacancy, no
    long term) and ``Plan.patrimoine_a_evaluer``, for the projet's synthèse."""
    contexte = contexte or load_contexte(session)
    catalogue = catalogue or load_catalogue_actions()
    diagnosis = contexte.needs(code, load_correspondance_besoins(), catalogue)
    needs = tuple(diagnosis if needs is None else with_figures(tuple(needs), diagnosis))
    if patrimoine is None:  # the commune's validated inventory items
        patrimoine = contexte.inventaire.get(code, ())
    population = contexte.populations.get(code)
    plan = propose_plan(
        needs,
        catalogue,
        population,
        faits=contexte.faits.get(code, {}),
        patrimoine=patrimoine,
        patrimoine_evalue=contexte.patrimoine_evalue(code) or None,
    )
    totaux = plan_totals(
        ((a.horizon, a.cout_min, a.cout_max) for a in plan.actions), population, load_capacites()
    )
    return plan, totaux


def preview_plans(session: Session, codes: Iterable[str] | None = None) -> list[ApercuCommune]:
    """The proposed plan of every ranked commune (or of ``codes``), in ranking order."""
    ranking, assessments, _ = classement(session, load_regles())
    names = {a.commune.code_insee: a.commune.nom for a in assessments}
    contexte = load_contexte(session)
    out = []
    for code in ranking.ordre if codes is None else codes:
        plan, totaux = propose_for(session, code, contexte=contexte)
        population = contexte.populations.get(code)
        out.append(ApercuCommune(code, names.get(code, code), population, plan, totaux))
    return out


def write_preview_csv(fh: TextIO, apercus: Iterable[ApercuCommune]) -> int:
    """Write the preview (header + one line per action); returns the number of lines."""
    writer = csv.writer(fh, delimiter=";", lineterminator="\n")
    writer.writerow(COLONNES)
    n = 0
    for ap in apercus:
        t = ap.totaux
        common = (
            t.total[0],
            t.total[1],
            "" if t.capacite_totale is None else t.capacite_totale,
            "oui" if t.au_dessus else "non",
            " | ".join(ap.plan.notes),
        )
        head = (ap.code_insee, ap.nom, "" if ap.population is None else ap.population)
        if not ap.plan.actions:
            writer.writerow((*head, "", "", "", "", "", "", "", *common))
            n += 1
        for a in ap.plan.actions:
            writer.writerow(
                (
                    *head,
                    a.libelle,
                    a.action_id,
                    a.besoin,
                    "" if a.intensite is None else a.intensite,
                    a.horizon,
                    a.cout_min,
                    a.cout_max,
                    *common,
                )
            )
            n += 1
    return n
