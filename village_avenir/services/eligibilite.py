"""Eligibility use cases: one commune (any code, old ones resolved) or all communes."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from .. import repository as repo
from ..domain.communes import Resolution, normalize_code, resolve_code
from ..domain.eligibility import Eligibility, Rules, evaluate
from ..models import Commune

__all__ = ["Assessment", "CommuneInconnue", "assess", "assess_all"]


class CommuneInconnue(LookupError):
    """A well-formed INSEE code that is not in the referential."""


@dataclass(frozen=True)
class Assessment:
    commune: Commune
    epci_nom: str | None
    resolution: Resolution
    eligibility: Eligibility


def _resolve(session: Session, code: str) -> Resolution:
    resolution = resolve_code(code, repo.current_codes(session), repo.deleguees(session))
    if resolution is None:
        raise CommuneInconnue(
            f"Aucune commune ne porte le code INSEE « {code} » dans le référentiel."
        )
    return resolution


def assess(session: Session, rules: Rules, raw_code: str) -> Assessment:
    """Eligibility of one commune; raises InvalidInseeCode (malformed) or CommuneInconnue."""
    code = normalize_code(raw_code)
    commune = repo.get_commune(session, code)  # the usual case: a current code
    if commune is not None:
        resolution = Resolution(code, code)
    else:  # an old code: follow the communes déléguées
        resolution = _resolve(session, code)
        commune = repo.get_commune(session, resolution.code_insee)
    epci_nom = repo.epci_name(session, commune.epci_code)
    memberships = repo.active_memberships(session, [commune.code_insee]).get(commune.code_insee, [])
    eligibility = evaluate(repo.to_value(commune, epci_nom), memberships, rules, resolution.note)
    return Assessment(commune, epci_nom, resolution, eligibility)


def assess_all(
    session: Session, rules: Rules, q: str | None = None, epci: str | None = None
) -> list[Assessment]:
    """Eligibility of every commune matching the filters (one query per table)."""
    names = repo.epci_names(session)
    memberships = repo.active_memberships(session)
    out = []
    for commune in repo.list_communes(session, q, epci):
        epci_nom = names.get(commune.epci_code or "")
        value = repo.to_value(commune, epci_nom)
        resolution = Resolution(commune.code_insee, commune.code_insee)
        eligibility = evaluate(value, memberships.get(commune.code_insee, []), rules)
        out.append(Assessment(commune, epci_nom, resolution, eligibility))
    return out
