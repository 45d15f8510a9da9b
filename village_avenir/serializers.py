"""Domain and table objects -> JSON-ready dicts (the API's stable shape, see docs/API.md)."""

from __future__ import annotations

from dataclasses import asdict

import shapely

from .domain.eligibilite import Criterion, Eligibility, Liste, Membership, Rules


def criterion_json(c: Criterion) -> dict:
    data = asdict(c)
    data["statut_libelle"] = c.statut_libelle
    return data


def liste_json(x: Liste) -> dict:
    return {
        "code": x.code,
        "dispositif": x.dispositif,
        "libelle": x.libelle,
        "date": x.date.isoformat(),
        "source": x.source,
        "source_url": x.source_url,
    }


def information_json(m: Membership) -> dict:
    return {
        "programme": m.programme,
        "source": m.source,
        "source_url": m.source_url,
        "date_source": m.date_source,
        "preuve": m.preuve,
    }


def eligibility_json(e: Eligibility) -> dict:
    return {
        "statut": e.statut,
        "statut_libelle": e.statut_libelle,
        "regles_version": e.regles_version,
        "au": e.au.isoformat() if e.au else None,
        "listes": [liste_json(x) for x in e.listes],
        "reserves": list(e.reserves),
        "criteres": [criterion_json(c) for c in e.criteres],
        "notes": list(e.notes),
        "informations": [information_json(m) for m in e.informations],
    }


def versions_json(a) -> list[dict]:
    """What each rules version gives for the commune (statut, date, lists, reasons)."""
    return [
        {
            "regles_version": r.version,
            "au": e.au.isoformat() if e.au else None,
            "statut": e.statut,
            "statut_libelle": e.statut_libelle,
            "listes": [liste_json(x) for x in e.listes],
            "raisons": [c.raison for c in e.criteres if c.statut != "respecte"],
        }
        for r, e in a.par_version
    ]


def rules_json(rules: Rules) -> dict:
    return {
        "version": rules.version,
        "en_vigueur_depuis": rules.en_vigueur_depuis.isoformat(),
        "date_appreciation": (
            rules.date_appreciation.isoformat() if rules.date_appreciation else None
        ),
        "reference": rules.reference,
        "lecture": rules.lecture,
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
    if a.par_version:
        data["selon_versions"] = versions_json(a)
    if a.resolution.redirected:
        data["demande"] = {"code_insee": a.resolution.requested, "note": a.resolution.note}
    return data
