"""Rows of the département layer (table alternative and exports), keyed by INSEE code."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from typing import Any

from shapely.geometry import mapping
from sqlmodel import Session

from ..domain.noms import cle_de_tri
from ..exports import csv_text
from .data import commune_shapes
from .departement import DepartementMap
from .layers import LayerValue

__all__ = ["SORTS", "LayerRow", "layer_csv", "layer_geojson", "layer_rows", "sort_rows"]

SORTS = {"nom": "Commune", "code": "Code INSEE", "epci": "Intercommunalité", "valeur": "Valeur"}


@dataclass(frozen=True)
class LayerRow:
    code_insee: str
    nom: str
    epci_code: str | None
    epci_nom: str | None
    value: LayerValue | None
    classe: str
    colour: str
    order: Any  # sort key of the value (None when no data)


def layer_rows(dm: DepartementMap) -> list[LayerRow]:
    c = dm.classified
    out = []
    for info in dm.communes:
        entry = c.legend[c.classes[info.code_insee]]
        out.append(
            LayerRow(
                info.code_insee,
                info.nom,
                info.epci_code,
                info.epci_nom,
                c.values.get(info.code_insee),
                entry.label,
                entry.colour,
                c.order.get(info.code_insee),
            )
        )
    return out


def _fold(text: str | None) -> str:
    decomposed = unicodedata.normalize("NFD", (text or "").casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def sort_rows(rows: list[LayerRow], tri: str, descending: bool) -> list[LayerRow]:
    """Sorted rows; French alphabetical order ignoring accents; no data always last."""
    keys = {
        "nom": lambda r: (cle_de_tri(r.nom), r.code_insee),  # « Le Bourg » at B
        "code": lambda r: r.code_insee,
        "epci": lambda r: (_fold(r.epci_nom), _fold(r.nom)),
        "valeur": lambda r: (r.order, _fold(r.nom)),
    }
    present = [r for r in rows if tri != "valeur" or r.order is not None]
    absent = [r for r in rows if tri == "valeur" and r.order is None]
    return sorted(present, key=keys[tri], reverse=descending) + absent


def _value_text(v: LayerValue | None) -> str:
    if v is None or v.value is None:
        return ""
    if isinstance(v.value, float):
        return f"{v.value:g}".replace(".", ",")
    return str(v.value)


COLUMNS = [
    "code_insee",
    "nom",
    "epci_code",
    "epci_nom",
    "coloration",
    "valeur",
    "libelle",
    "classe",
    "annee",
    "source",
]


def _record(dm: DepartementMap, r: LayerRow) -> dict[str, Any]:
    return {
        "code_insee": r.code_insee,
        "nom": r.nom,
        "epci_code": r.epci_code or "",
        "epci_nom": r.epci_nom or "",
        "coloration": dm.colouring.code,
        "valeur": r.value.value if r.value else None,
        "libelle": r.value.label if r.value else "",
        "classe": r.classe,
        "annee": (r.value.year or "") if r.value else "",
        "source": r.value.source if r.value else "",
    }


def layer_csv(dm: DepartementMap) -> str:
    """CSV in the French spreadsheet convention: « ; » separator, decimal comma, UTF-8 BOM."""
    lines = []
    for r in layer_rows(dm):
        record = _record(dm, r)
        record["valeur"] = _value_text(r.value)
        lines.append([record[k] for k in COLUMNS])
    return csv_text(COLUMNS, lines)


def layer_geojson(session: Session, dm: DepartementMap, departement: str) -> str:
    """GeoJSON of the layer with the EXACT stored geometry (not the display copy)."""
    exact = {s.code_insee: s.geometry for s in commune_shapes(session, departement)}
    features = [
        {
            "type": "Feature",
            "id": r.code_insee,
            "properties": _record(dm, r),
            "geometry": mapping(exact[r.code_insee]) if exact.get(r.code_insee) else None,
        }
        for r in layer_rows(dm)
    ]
    body = {
        "type": "FeatureCollection",
        "coloration": {"code": dm.colouring.code, "libelle": dm.colouring.label},
        "resume": dm.classified.summary,
        "features": features,
    }
    return json.dumps(body, ensure_ascii=False)
