"""Use cases: every write of the application goes through here and is journaled.

Each public writer runs in one transaction: it commits at the end or rolls everything back,
so a failed import leaves the database as it was. Each change is recorded in ``Journal``
with who, when, and the values before and after.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import Session

from . import repository as repo
from .domain.communes import InvalidInseeCode, Resolution, resolve_code
from .domain.eligibility import Eligibility, Rules, evaluate
from .models import Adhesion, Commune, CommuneDeleguee, Epci, Journal, utcnow
from .sources import ImportFormatError
from .sources.programmes import MembershipRow
from .sources.referentiel import read_communes_geojson, read_deleguees_csv

__all__ = [
    "Assessment",
    "CommuneInconnue",
    "ImportReport",
    "assess",
    "assess_all",
    "import_memberships",
    "import_referentiel",
    "record",
]


class CommuneInconnue(LookupError):
    """A well-formed INSEE code that is not in the referential."""


@dataclass
class ImportReport:
    """What an import did, for the command line and the tests."""

    lues: int = 0
    creees: int = 0
    modifiees: int = 0
    inchangees: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.lues} enregistrements lus : {self.creees} créées, {self.modifiees} modifiées, "
            f"{self.inchangees} inchangées."
        )


@dataclass(frozen=True)
class Assessment:
    commune: Commune
    epci_nom: str | None
    resolution: Resolution
    eligibility: Eligibility


def record(
    session: Session,
    *,
    qui: str,
    action: str,
    objet: str,
    objet_id: str,
    code_insee: str | None = None,
    avant: dict[str, Any] | None = None,
    apres: dict[str, Any] | None = None,
    motif: str | None = None,
) -> Journal:
    """Add one audit entry to the session (committed with the change it describes)."""
    entry = Journal(
        qui=qui,
        action=action,
        objet=objet,
        objet_id=objet_id,
        code_insee=code_insee,
        avant=json.dumps(avant, ensure_ascii=False, default=str) if avant is not None else None,
        apres=json.dumps(apres, ensure_ascii=False, default=str) if apres is not None else None,
        motif=motif,
    )
    session.add(entry)
    return entry


def _diff(obj: Any, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    before = {k: getattr(obj, k) for k, v in values.items() if getattr(obj, k) != v}
    after = {k: values[k] for k in before}
    return before, after


def _loggable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if not isinstance(v, bytes)}


def _upsert(session, model, key, values, *, qui, objet, report, code_insee=None, action="import"):
    """Insert or update one row, journaling the change (binary fields are not journaled)."""
    row = session.get(model, key)
    if row is None:
        session.add(model(**values))
        record(
            session,
            qui=qui,
            action=f"{action}:creation",
            objet=objet,
            objet_id=str(key),
            code_insee=code_insee,
            apres=_loggable(values),
        )
        report.creees += 1
        return
    before, after = _diff(row, values)
    if not before:
        report.inchangees += 1
        return
    for k, v in after.items():
        setattr(row, k, v)
    record(
        session,
        qui=qui,
        action=f"{action}:modification",
        objet=objet,
        objet_id=str(key),
        code_insee=code_insee,
        avant=_loggable(before),
        apres=_loggable(after),
    )
    report.modifiees += 1


def import_referentiel(
    session: Session, geojson_path: Path, deleguees_path: Path | None, *, qui: str
) -> ImportReport:
    """Load (or update) communes, EPCI and communes déléguées from the shipped files."""
    with open(geojson_path, encoding="utf-8") as fh:
        records, metadata = read_communes_geojson(fh)
    deleguees = []
    if deleguees_path is not None and deleguees_path.exists():
        with open(deleguees_path, encoding="utf-8", newline="") as fh:
            deleguees = read_deleguees_csv(fh)
    source = metadata.get("source") or geojson_path.name
    codes = {r.code_insee for r in records}
    epcis = {r.epci_code: (r.epci_nom, r.epci_type) for r in records if r.epci_code}
    report = ImportReport(lues=len(records) + len(deleguees) + len(epcis))
    try:
        for code, (nom, typ) in sorted(epcis.items()):
            _upsert(
                session,
                Epci,
                code,
                {"code": code, "nom": nom or code, "type": typ},
                qui=qui,
                objet="epci",
                report=report,
            )
        session.flush()
        for r in records:
            values = {
                "code_insee": r.code_insee,
                "nom": r.nom,
                "departement": r.code_insee[:3]
                if r.code_insee.startswith("97")
                else r.code_insee[:2],
                "population": r.population,
                "population_annee": r.population_annee,
                "epci_code": r.epci_code,
                "geometry": r.geometry_wkb,
                "mairie": r.mairie_wkb,
                "mairie_adresse": r.mairie_adresse,
                "mairie_horaires": r.mairie_horaires,
                "mairie_telephone": r.mairie_telephone,
                "mairie_email": r.mairie_email,
                "mairie_site": r.mairie_site,
                "source": source,
            }
            _upsert(
                session,
                Commune,
                r.code_insee,
                values,
                qui=qui,
                objet="commune",
                report=report,
                code_insee=r.code_insee,
            )
        session.flush()
        for d in deleguees:
            if d.commune_code not in codes and session.get(Commune, d.commune_code) is None:
                raise ImportFormatError(
                    f"commune déléguée {d.code_insee} : commune nouvelle {d.commune_code} inconnue."
                )
            values = {
                "code_insee": d.code_insee,
                "nom": d.nom,
                "type": d.type,
                "commune_code": d.commune_code,
            }
            _upsert(
                session,
                CommuneDeleguee,
                d.code_insee,
                values,
                qui=qui,
                objet="commune_deleguee",
                report=report,
                code_insee=d.commune_code,
            )
        session.commit()
    except Exception:
        session.rollback()
        raise
    return report


def import_memberships(session: Session, rows: list[MembershipRow], *, qui: str) -> ImportReport:
    """Insert or update memberships, keyed by (commune, programme, source); one transaction.

    Old codes (communes déléguées) are resolved to the current commune, with a note. A code
    unknown to the referential refuses the whole file, naming its line.
    """
    report = ImportReport(lues=len(rows))
    current = repo.current_codes(session)
    old = repo.deleguees(session)
    try:
        for row in rows:
            resolution = resolve_code(row.code_insee, current, old)
            if resolution is None:
                raise ImportFormatError(
                    f"commune {row.code_insee} absente du référentiel (importez d'abord ses communes).",
                    row.line,
                )
            if resolution.note:
                report.notes.append(f"Ligne {row.line} : {resolution.note}")
            m = row.membership
            values = {
                "code_insee": resolution.code_insee,
                "programme": m.programme,
                "niveau_preuve": m.niveau_preuve,
                "source": m.source,
                "source_url": m.source_url,
                "date_source": m.date_source,
                "preuve": m.preuve,
            }
            existing = repo.find_membership(session, resolution.code_insee, m.programme, m.source)
            key = f"{resolution.code_insee}/{m.programme}"
            if existing is None:
                session.add(Adhesion(**values, cree_par=qui, motif="Import de fichier"))
                record(
                    session,
                    qui=qui,
                    action="import:creation",
                    objet="adhesion",
                    objet_id=key,
                    code_insee=resolution.code_insee,
                    apres=values,
                )
                report.creees += 1
                continue
            before, after = _diff(existing, values)
            if not before:
                report.inchangees += 1
                continue
            for k, v in after.items():
                setattr(existing, k, v)
            existing.modifie_par, existing.modifie_le = qui, utcnow()
            record(
                session,
                qui=qui,
                action="import:modification",
                objet="adhesion",
                objet_id=key,
                code_insee=resolution.code_insee,
                avant=before,
                apres=after,
            )
            report.modifiees += 1
        session.commit()
    except Exception:
        session.rollback()
        raise
    return report


def _resolve(session: Session, raw_code: str) -> Resolution:
    resolution = resolve_code(raw_code, repo.current_codes(session), repo.deleguees(session))
    if resolution is None:
        raise CommuneInconnue(
            f"Aucune commune ne porte le code INSEE « {raw_code} » dans le référentiel."
        )
    return resolution


def assess(session: Session, rules: Rules, raw_code: str) -> Assessment:
    """Eligibility of one commune; raises InvalidInseeCode (malformed) or CommuneInconnue."""
    resolution = _resolve(session, raw_code)
    commune = repo.get_commune(session, resolution.code_insee)
    epci_nom = repo.epci_names(session).get(commune.epci_code or "")
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


__all__ += ["InvalidInseeCode"]
