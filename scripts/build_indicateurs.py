#!/usr/bin/env python3
"""Build ``data/indicateurs/<dep>.csv``: the indicator values shipped for a département.

Usage::

    python scripts/build_indicateurs.py --departement 46 \\
        --comparateur ../shared/data/sources/insee_comparateur_2025/insee_base_cc_comparateur_2025_lot46.csv \\
        --anct ../shared/data/sources/zero-logement-vacant/ngeo-anct-cog2023.csv

Sources (see ``docs/DIAGNOSTIC.md``): the INSEE « Base du comparateur de territoires »
(2025 edition: census 2022 and 2016, births and deaths 2016–2021 and 2024, Filosofi 2021,
jobs 2022 and 2016, unemployment 2022, establishments at the end of 2024) and the ANCT programme table (``id_fs``: a France services
site in the commune). Output: one value per line, ``code_insee;indicateur;valeur;annee;source;
licence``, the project's « long » format, read at ``flask init-db`` on an empty database.

Rules, so that nothing is invented:

- values are copied as published (decimal comma turned into a point, nothing rounded);
- ``s`` (statistical secrecy) is written ``s`` and loaded as « secret statistique », never 0;
- an empty cell writes nothing (no value, not 0);
- only the communes of the shipped referential (``data/communes/<dep>.geojson``) are kept;
  an old code (commune déléguée) is mapped to its current commune **only for counts** and
  only when the current commune has no census row of its own. 46217 Pern, merged into 46172
  Pern-Lhospitalet, has empty census cells (INSEE already counts it in 46172): its row is
  dropped. Its Filosofi 2021 figures (median income, poverty rate) are not counts and cannot
  be added to those of the former Lhospitalet: the merged commune therefore gets no Filosofi
  figure (they would describe only part of it);
- France services: the ANCT table lists every commune, so a commune without ``id_fs`` gets 0.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "sources"
DEFAULT_COMPARATEUR = SHARED / "insee_comparateur_2025" / "insee_base_cc_comparateur_2025_lot46.csv"
DEFAULT_ANCT = SHARED / "zero-logement-vacant" / "ngeo-anct-cog2023.csv"

LICENCE_INSEE = "Licence Ouverte / Etalab 2.0 (INSEE)"
LICENCE_ANCT = "Licence Ouverte / Etalab 2.0 (ANCT)"
COMPARATEUR = "INSEE, base du comparateur de territoires 2025"
RP22 = f"{COMPARATEUR} (recensement 2022)"
FILOSOFI = f"{COMPARATEUR} (Filosofi 2021)"
ETAT_CIVIL = f"{COMPARATEUR} (état civil 2016-2021)"
ETAT_CIVIL_24 = f"{COMPARATEUR} (état civil 2024)"
ETABLISSEMENTS = f"{COMPARATEUR} (établissements fin 2024)"

# column → (datum id of the catalogue, year, source, additive)
COLUMNS: dict[str, tuple[str, str, str, bool]] = {
    "P22_LOG": ("log_total", "2022", RP22, True),
    "P22_LOGVAC": ("log_vacants", "2022", RP22, True),
    "P22_RSECOCC": ("log_rsec", "2022", RP22, True),
    "P22_RP": ("log_rp", "2022", RP22, True),
    "P22_RP_PROP": ("log_rp_proprietaires", "2022", RP22, True),
    "P22_POP": ("pop_recente", "2022", RP22, True),
    "P16_POP": ("pop_ancienne", "2016", f"{COMPARATEUR} (recensement 2016)", True),
    "NAIS1621": ("naissances", "2016-2021", ETAT_CIVIL, True),
    "DECE1621": ("deces", "2016-2021", ETAT_CIVIL, True),
    "MED21": ("revenu_median", "2021", FILOSOFI, False),
    "TP6021": ("taux_pauvrete", "2021", FILOSOFI, False),
    "P22_EMPLT": ("emplois", "2022", RP22, True),
    "ETTOT24": ("etablissements", "2024", ETABLISSEMENTS, True),
    "ETGU24": ("etab_commerce_services", "2024", ETABLISSEMENTS, True),
    "ETOQ24": ("etab_public_sante", "2024", ETABLISSEMENTS, True),
    # issue 24: figures of the same file that were not used (context on the sheet)
    "P22_CHOM1564": ("chomeurs_1564", "2022", RP22, True),
    "P22_ACT1564": ("actifs_1564", "2022", RP22, True),
    "P16_EMPLT": ("emplois_2016", "2016", f"{COMPARATEUR} (recensement 2016)", True),
    "NAISD24": ("naissances_2024", "2024", ETAT_CIVIL_24, True),
    "DECESD24": ("deces_2024", "2024", ETAT_CIVIL_24, True),
}
# The ANCT table is at COG 2023 (its file name says so): its year is 2023, not 2024.
FRANCE_SERVICES = ("france_services", "2023", "ANCT, table des programmes par commune (COG 2023)")
HEADER = ["code_insee", "indicateur", "valeur", "annee", "source", "licence"]


def referential(departement: str) -> tuple[list[str], dict[str, str]]:
    """Current commune codes and ``old code → current code`` of the shipped referential."""
    communes = ROOT / "data" / "communes"
    geo = json.loads((communes / f"{departement}.geojson").read_text(encoding="utf-8"))
    codes = sorted(f["properties"]["code_insee"] for f in geo["features"])
    old = {}
    with (communes / f"{departement}_communes_deleguees.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["code_insee"] != row["commune_code"]:
                old[row["code_insee"]] = row["commune_code"]
    return codes, old


def _number(text: str | None) -> str | None:
    """The published text with a decimal point; ``s`` kept; empty → None."""
    raw = (text or "").strip()
    if raw == "":
        return None
    if raw.lower() == "s":
        return "s"
    out = raw.replace(",", ".")
    float(out)  # a malformed figure stops the build
    return out


def comparateur_values(path: Path, codes: list[str], old: dict[str, str]) -> dict:
    """``(code, datum) → (text value, year, source, licence)`` from the comparateur extract."""
    current = set(codes)
    out: dict[tuple[str, str], tuple[str, str, str, str]] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    own = {r["CODGEO"] for r in rows if r["CODGEO"] in current and r.get("P22_POP")}
    merged_partial: set[str] = set()
    for row in rows:
        code = row["CODGEO"]
        target = code if code in current else old.get(code)
        if target is None:
            continue
        for column, (donnee, annee, source, additive) in COLUMNS.items():
            value = _number(row.get(column))
            if value is None:
                continue
            if target != code:  # an old code: census already in the current commune
                if additive and target in own:
                    continue
                if not additive:
                    merged_partial.add(target)
                    continue
            out[(target, donnee)] = (value, annee, source, LICENCE_INSEE)
    for target in merged_partial:  # a median of part of a merged commune describes no one
        for donnee, *_rest, additive in COLUMNS.values():
            if not additive:
                out.pop((target, donnee), None)
    return out


def anct_values(path: Path, codes: list[str]) -> dict:
    donnee, annee, source = FRANCE_SERVICES
    having = set()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if (row.get("id_fs") or "").strip():
                having.add(row["insee_com"].strip().zfill(5))
    return {(c, donnee): ("1" if c in having else "0", annee, source, LICENCE_ANCT) for c in codes}


def build_text(departement: str, comparateur: Path, anct: Path) -> str:
    """The whole file as text (the test compares it with the shipped file)."""
    codes, old = referential(departement)
    values = comparateur_values(comparateur, codes, old) | anct_values(anct, codes)
    order = [d for d, *_ in COLUMNS.values()] + [FRANCE_SERVICES[0]]
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\n")
    w.writerow(HEADER)
    for code in codes:
        for donnee in order:
            if (code, donnee) in values:
                w.writerow([code, donnee, *values[(code, donnee)]])
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--departement", default="46")
    p.add_argument("--comparateur", type=Path, default=DEFAULT_COMPARATEUR)
    p.add_argument("--anct", type=Path, default=DEFAULT_ANCT)
    p.add_argument("--sortie", type=Path, default=None)
    args = p.parse_args(argv)
    text = build_text(args.departement, args.comparateur, args.anct)
    out = args.sortie or ROOT / "data" / "indicateurs" / f"{args.departement}.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    lines = text.count("\n") - 1
    secrets = sum(1 for line in text.splitlines() if line.split(";")[2] == "s")
    print(f"{out} : {lines} valeurs, dont {secrets} sous secret statistique.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
