"""Domain and table objects -> JSON-ready dicts (the API's stable shape, see docs/API.md)."""

from __future__ import annotations

from dataclasses import asdict

import shapely

from .domain.eligibility import Criterion, Eligibility, Rules


def criterion_json(c: Criterion) -> dict:
    data = asdict(c)
    data["statut_libelle"] = c.statut_libelle
    return data


def eligibility_json(e: Eligibility) -> dict:
    return {
        "statut": e.statut,
        "statut_libelle": e.statut_libelle,
        "regles_version": e.regles_version,
        "criteres": [criterion_json(c) for c in e.criteres],
        "notes": list(e.notes),
    }


def rules_json(rules: Rules) -> dict:
    return {
        "version": rules.version,
        "en_vigueur_depuis": rules.en_vigueur_depuis.isoformat(),
        "reference": rules.reference,
    }


def assessment_json(a) -> dict:
    c = a.commune
    mairie = shapely.from_wkb(c.mairie) if c.mairie else None
    data = {
        "code_insee": c.code_insee,
        "nom": c.nom,
        "departement": c.departement,
        "population": {
            "valeur": c.population,
            "annee": c.population_annee,
            "source": c.population_source or c.source,
        },
        "epci": {"code": c.epci_code, "nom": a.epci_nom} if c.epci_code else None,
        "mairie": (
            {"lon": mairie.x, "lat": mairie.y, "adresse": c.mairie_adresse} if mairie else None
        ),
        "eligibilite": eligibility_json(a.eligibility),
    }
    if a.resolution.redirected:
        data["demande"] = {"code_insee": a.resolution.requested, "note": a.resolution.note}
    return data
