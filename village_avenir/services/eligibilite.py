"""Eligibility use cases: one commune (any code, old ones resolved) or all communes.

A rules version without a fixed date of judgement is applied at today's date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from .. import repository as repo
from ..domain.communes import Resolution, normalize_code, resolve_code
from ..domain.eligibilite import Eligibility, RuleBook, Rules, evaluate
from ..domain.refus import Refus
from ..models import Commune

__all__ = ["Assessment", "CommuneInconnue", "assess", "assess_all"]


class CommuneInconnue(Refus, LookupError):
    """A well-formed INSEE code that is not in the referential."""

    status = 404


@dataclass(frozen=True)
class Assessment:
    commune: Commune
    epci_nom: str | None
    resolution: Resolution
    eligibility: Eligibility
    # The same commune judged by every rules version (when asked), oldest first.
    par_version: tuple[tuple[Rules, Eligibility], ...] = ()

    @property
    def differe_selon_version(self) -> bool:
        return len({e.statut for _, e in self.par_version}) > 1


def date_of(rules: Rules) -> date:
    """The date at which ``rules`` judge: its fixed date, or today."""
    return rules.date_appreciation or date.today()


def _resolve(session: Session, code: str) -> Resolution:
    resolution = resolve_code(code, repo.current_codes(session), repo.deleguees(session))
    if resolution is None:
        raise CommuneInconnue(
            f"Aucune commune ne porte le code INSEE « {code} » dans le référentiel."
        )
    return resolution


def assess(
    session: Session, rules: Rules, raw_code: str, book: RuleBook | None = None
) -> Assessment:
    """Eligibility of one commune; raises CodeInseeInvalide (malformed) or CommuneInconnue.

    With ``book``, the commune is also judged by every rules version (``par_version``).
    """
    code = normalize_code(raw_code)
    commune = repo.get_commune(session, code)  # the usual case: a current code
    if commune is not None:
        resolution = Resolution(code, code)
    else:  # an old code: follow the communes déléguées
        resolution = _resolve(session, code)
        commune = repo.get_commune(session, resolution.code_insee)
    epci_nom = repo.epci_name(session, commune.epci_code)
    memberships = repo.active_memberships(session, [commune.code_insee]).get(commune.code_insee, [])
    value = repo.to_value(commune, epci_nom)
    eligibility = evaluate(value, memberships, rules, resolution.note, au=date_of(rules))
    par_version = tuple(
        (r, evaluate(value, memberships, r, au=date_of(r))) for r in (book.versions if book else ())
    )
    return Assessment(commune, epci_nom, resolution, eligibility, par_version)


def assess_all(
    session: Session, rules: Rules, q: str | None = None, epci: str | None = None
) -> list[Assessment]:
    """Eligibility of every commune matching the filters (one query per table)."""
    names = repo.epci_names(session)
    memberships = repo.active_memberships(session)
    out = []
    au = date_of(rules)
    for commune in repo.list_communes(session, q, epci):
        epci_nom = names.get(commune.epci_code or "")
        value = repo.to_value(commune, epci_nom)
        resolution = Resolution(commune.code_insee, commune.code_insee)
        eligibility = evaluate(value, memberships.get(commune.code_insee, []), rules, au=au)
        out.append(Assessment(commune, epci_nom, resolution, eligibility))
    return out
