"""Read queries of the maps (reads only; writes go through ``services``)."""

from __future__ import annotations

from dataclasses import dataclass

from shapely import from_wkb
from shapely.geometry.base import BaseGeometry
from sqlalchemy import func
from sqlmodel import Session, select

from ..models import Commune, Epci, Journal

__all__ = ["CommuneShape", "commune_shapes", "data_version"]


def data_version(session: Session) -> str:
    """Changes whenever anything is written: every state change is journaled.

    Last journal id and number of entries (the count also catches a deleted entry).
    """
    last, count = session.exec(select(func.max(Journal.id), func.count(Journal.id))).one()
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
