"""The colourings available on the département map (see :mod:`.layers` for how to add one).

Registered here, at import, in the order the map form lists them.
"""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlmodel import Session

from .. import repository as repo
from .. import services
from ..domain.eligibility import A_VERIFIER, ELIGIBLE, NON_ELIGIBLE, STATUTS
from ..formatting import nombre
from .layers import Category, LayerValue, register_colouring

__all__ = ["eligibility_values", "population_values"]


def eligibility_values(session: Session) -> dict[str, LayerValue]:
    """Eligibility status of every commune today, under the rules in force."""
    rules = current_app.extensions["village_avenir.rules"]
    source = f"Règles d'éligibilité {rules.version} ; adhésions aux dispositifs connues"
    year = str(date.today().year)
    return {
        a.commune.code_insee: LayerValue(
            a.eligibility.statut, a.eligibility.statut_libelle, year, source
        )
        for a in services.assess_all(session, rules)
    }


def population_values(session: Session) -> dict[str, LayerValue]:
    """Municipal population, with the referential's source and vintage."""
    return {
        c.code_insee: LayerValue(
            c.population, f"{nombre(c.population)} habitants", c.population_annee, c.source
        )
        for c in repo.list_communes(session)
        if c.population is not None
    }


register_colouring(
    "eligibilite",
    "Éligibilité à Village A-Venir",
    eligibility_values,
    "categories",
    categories=[
        Category(ELIGIBLE, STATUTS[ELIGIBLE], "éligibles"),
        Category(NON_ELIGIBLE, STATUTS[NON_ELIGIBLE], "non éligibles"),
        Category(A_VERIFIER, STATUTS[A_VERIFIER], "à vérifier"),
    ],
    description="Statut d'éligibilité aujourd'hui, selon les règles en vigueur.",
)

register_colouring(
    "population",
    "Population municipale",
    population_values,
    "valeurs",
    unit="hab.",
    description="Classes de population (quintiles arrondis des communes affichées).",
)
