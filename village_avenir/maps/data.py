"""Read queries of the maps (reads only; writes go through ``services``)."""

from __future__ import annotations

from dataclasses import dataclass

from shapely import from_wkb
from shapely.geometry.base import BaseGeometry
from sqlalchemy import func
from sqlmodel import Session, select

from ..models import Commune, Epci, Journal

__all__ = ["REFERENTIEL", "CommuneShape", "commune_shapes", "data_version"]


# Journal kinds of the referential: the communes' shapes and names change only with them.
REFERENTIEL = ("commune", "commune_deleguee", "epci")


def data_version(session: Session, objets: tuple[str, ...] | None = None) -> str:
    """Changes whenever something is written (every state change is journaled), or only
    when an entry about one of ``objets`` (journal ``objet`` kinds) is.

    Last journal id and number of entries (the count also catches a deleted entry, e.g. a
    database restored with ``flask import --remplacer``). Both are read from indexes.
    """
    stmt = select(func.max(Journal.id), func.count(Journal.id))
    if objets is not None:
        stmt = stmt.where(Journal.objet.in_(objets))
    last, count = session.exec(stmt).one()
    return f"{last or 0}-{count}"


@dataclass(frozen=True)
class CommuneShape:
    code_insee: str
    nom: str
    epci_code: str | None
    epci_nom: str | None
    geometry: BaseGeometry | None  # exact stored geometry (WGS84 lon/lat)


def commune_shapes(session: Session, departement: str | None = None) -> list[CommuneShape]:
    """Every commune (of a département when given) with its exact geometry, by INSEE code."""
    names = {e.code: e.nom for e in session.exec(select(Epci)).all()}
    stmt = select(Commune).order_by(Commune.code_insee)
    if departement:
        stmt = stmt.where(Commune.departement == departement)
    return [
        CommuneShape(
            c.code_insee,
            c.nom,
            c.epci_code,
            names.get(c.epci_code or ""),
            from_wkb(c.geometry) if c.geometry else None,
        )
        for c in session.exec(stmt).all()
    ]
