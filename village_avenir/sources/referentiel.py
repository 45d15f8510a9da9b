"""Read the shipped commune referential: ``<dep>.geojson`` and ``<dep>_communes_deleguees.csv``.

Both files are written by ``scripts/build_communes.py``. Geometries are checked here (valid,
polygonal) so that nothing invalid reaches the database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import IO

import shapely
import shapely.geometry

from ..domain.communes import CodeInseeInvalide, CommuneDeleguee, normalize_code
from . import ImportInvalide
from .lecture import code_at, csv_reader, numbered_rows

__all__ = ["CommuneRecord", "read_communes_geojson", "read_deleguees_csv"]


@dataclass(frozen=True)
class CommuneRecord:
    code_insee: str
    nom: str
    population: int | None
    population_annee: str | None
    population_source: str | None
    epci_code: str | None
    epci_nom: str | None
    epci_type: str | None
    geometry_wkb: bytes | None
    mairie_wkb: bytes | None
    mairie_adresse: str | None
    mairie_horaires: str | None
    mairie_telephone: str | None
    mairie_email: str | None
    mairie_site: str | None
    superficie_km2: float | None = None
    superficie_source: str | None = None
    date_creation: date | None = None
    date_creation_source: str | None = None


def read_communes_geojson(fh: IO[str]) -> tuple[list[CommuneRecord], dict]:
    """Return the communes of a FeatureCollection and its ``metadata`` member."""
    try:
        data = json.load(fh)
    except json.JSONDecodeError as exc:
        raise ImportInvalide(f"JSON invalide ({exc.msg}).", exc.lineno) from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ImportInvalide("le fichier n'est pas une FeatureCollection GeoJSON.")
    records, seen = [], set()
    for i, feat in enumerate(data.get("features") or [], start=1):
        where = f"entité n° {i}"
        try:
            props = feat["properties"]
            code = normalize_code(props["code_insee"])
            nom = str(props["nom"]).strip()
            population = props.get("population")
            if population is not None and (not isinstance(population, int) or population < 0):
                raise ImportInvalide(f"{where} : population invalide ({population!r}).")
            geom = shapely.geometry.shape(feat["geometry"]) if feat.get("geometry") else None
        except ImportInvalide:
            raise
        except CodeInseeInvalide as exc:
            raise ImportInvalide(f"{where} : {exc}") from exc
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ImportInvalide(f"{where} : entité mal formée ({exc}).") from exc
        if not nom:
            raise ImportInvalide(f"{where} : nom de commune vide.")
        superficie = props.get("superficie_km2")
        if superficie is not None and (
            not isinstance(superficie, int | float)
            or isinstance(superficie, bool)
            or superficie <= 0
        ):
            raise ImportInvalide(f"{where} : superficie invalide ({superficie!r}).")
        try:
            creation = (
                date.fromisoformat(props["date_creation"]) if props.get("date_creation") else None
            )
        except (TypeError, ValueError) as exc:
            raise ImportInvalide(f"{where} : date de création invalide ({exc}).") from exc
        if code in seen:
            raise ImportInvalide(f"{where} : code INSEE {code} en double.")
        seen.add(code)
        if geom is not None and (
            geom.geom_type not in {"Polygon", "MultiPolygon"} or not geom.is_valid
        ):
            raise ImportInvalide(f"{where} ({code}) : géométrie invalide ou non surfacique.")
        mairie = props.get("mairie")
        records.append(
            CommuneRecord(
                code_insee=code,
                nom=nom,
                population=population,
                population_annee=props.get("population_annee"),
                population_source=props.get("population_source"),
                epci_code=props.get("epci_code"),
                epci_nom=props.get("epci_nom"),
                epci_type=props.get("epci_type"),
                geometry_wkb=shapely.to_wkb(geom) if geom is not None else None,
                mairie_wkb=shapely.to_wkb(shapely.Point(mairie)) if mairie else None,
                mairie_adresse=props.get("mairie_adresse"),
                mairie_horaires=props.get("mairie_horaires"),
                mairie_telephone=props.get("mairie_telephone"),
                mairie_email=props.get("mairie_email"),
                mairie_site=props.get("mairie_site"),
                superficie_km2=float(superficie) if superficie is not None else None,
                superficie_source=props.get("superficie_source"),
                date_creation=creation,
                date_creation_source=props.get("date_creation_source"),
            )
        )
    if not records:
        raise ImportInvalide("aucune commune dans le fichier.")
    return records, data.get("metadata") or {}


def read_deleguees_csv(fh: IO[str]) -> list[CommuneDeleguee]:
    """Rows ``code_insee,nom,type,commune_code,commune_nom`` -> :class:`CommuneDeleguee`."""
    rows = []
    for line, row in numbered_rows(csv_reader(fh, ("code_insee", "nom", "commune_code"))):
        if row["nom"] is None:
            raise ImportInvalide("ligne incomplète (nom de la commune déléguée absent).", line)
        rows.append(
            CommuneDeleguee(
                code_at(row["code_insee"], line),
                row["nom"].strip(),
                code_at(row["commune_code"], line),
                (row.get("type") or "COMD").strip(),
            )
        )
    return rows
