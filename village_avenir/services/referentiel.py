"""Imports of the referential: communes, EPCI, communes déléguées, scheme memberships."""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from sqlmodel import Session

from .. import repository as repo
from ..domain.communes import departement_of, resolve_code
from ..domain.refus import Refus
from ..models import Adhesion, Commune, CommuneDeleguee, Epci, utcnow
from ..parametres import load_regles
from ..sources import ImportInvalide
from ..sources.programmes import MembershipRow, read_programmes_csv
from ..sources.referentiel import read_communes_geojson, read_deleguees_csv
from .audit import ImportReport, diff, record, upsert
from .transaction import transaction

__all__ = ["DepartementIntrouvable", "import_memberships", "import_referentiel", "load_departement"]


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
    with transaction(session):
        for code, (nom, typ) in sorted(epcis.items()):
            upsert(
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
                "population_source": r.population_source,
                "epci_code": r.epci_code,
                "geometry": r.geometry_wkb,
                "mairie": r.mairie_wkb,
                "mairie_adresse": r.mairie_adresse,
                "mairie_horaires": r.mairie_horaires,
                "mairie_telephone": r.mairie_telephone,
                "mairie_email": r.mairie_email,
                "mairie_site": r.mairie_site,
                "superficie_km2": r.superficie_km2,
                "superficie_source": r.superficie_source,
                "date_creation": r.date_creation,
                "date_creation_source": r.date_creation_source,
                "source": source,
            }
            upsert(
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
                raise ImportInvalide(
                    f"commune déléguée {d.code_insee} : commune nouvelle {d.commune_code} inconnue."
                )
            values = {
                "code_insee": d.code_insee,
                "nom": d.nom,
                "type": d.type,
                "commune_code": d.commune_code,
            }
            upsert(
                session,
                CommuneDeleguee,
                d.code_insee,
                values,
                qui=qui,
                objet="commune_deleguee",
                report=report,
                code_insee=d.commune_code,
            )
    return report


def import_memberships(session: Session, rows: list[MembershipRow], *, qui: str) -> ImportReport:
    """Insert or update memberships, keyed by (commune, programme, source); one transaction.

    Old codes (communes déléguées) are resolved to the current commune, with a note. A code
    unknown to the referential refuses the whole file, naming its line.
    """
    report = ImportReport(lues=len(rows))
    current = repo.current_codes(session)
    old = repo.deleguees(session)
    with transaction(session):
        for row in rows:
            resolution = resolve_code(row.code_insee, current, old)
            if resolution is None:
                raise ImportInvalide(
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
                "liste": m.liste,
                "debut": m.debut,
                "fin": m.fin,
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
            before, after = diff(existing, values)
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
    return report


class DepartementIntrouvable(Refus, LookupError):
    """The shipped referential of the asked département is not in ``data/communes/``."""

    status = 404


def load_departement(session: Session, departement: str, *, qui: str) -> list[str]:
    """Load the shipped referential and memberships of a département (``COMMUNES_DIR``:
    ``<dep>.geojson``, ``<dep>_communes_deleguees.csv``, ``programmes.csv`` read with the levels
    of the rules in force); returns the report lines. Used by ``flask init-db`` and the tests."""
    directory = Path(current_app.config["COMMUNES_DIR"])
    geojson = directory / f"{departement}.geojson"
    if not geojson.exists():
        raise DepartementIntrouvable(
            f"{geojson} introuvable : lancez « python scripts/build_communes.py --departement "
            f"{departement} »."
        )
    deleguees = directory / f"{departement}_communes_deleguees.csv"
    lines = [f"Communes : {import_referentiel(session, geojson, deleguees, qui=qui).summary()}"]
    programmes = directory / "programmes.csv"
    if programmes.exists():
        levels = set(load_regles().levels)
        with programmes.open(encoding="utf-8", newline="") as fh:
            rows = read_programmes_csv(fh, levels)
        rows = [r for r in rows if departement_of(r.code_insee) == departement]
        report = import_memberships(session, rows, qui=qui)
        lines.append(f"Adhésions aux dispositifs : {report.summary()}")
    return lines
