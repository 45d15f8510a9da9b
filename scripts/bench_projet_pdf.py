"""Benchmark of the « Projet stratégique » PDF (issue 21, point 7): target ≤ 2 s.

Builds a throw-away SQLite database with the Lot's shipped referential and indicators (as
``flask init-db`` does), proposes for Saint-Cirq-Lapopie (46256) a plan from every need of the
catalogue at intensity 80 (the largest plan the catalogue can give: an upper bound), places
every action on the map, validates it (projet, fiches and financing plans written), then times
the PDF (WeasyPrint) several times and prints its pages, size and best time. The needs are
SYNTHETIC (all at 80): the figures measure the PDF, not a real commune's plan.

    .venv/bin/python scripts/bench_projet_pdf.py [--petit] [--sortie projet.pdf]

``--petit``: one repetition, a plan of two needs (the smoke mode run by the test suite).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import shapely  # noqa: E402

from village_avenir import create_app  # noqa: E402
from village_avenir.db import create_schema, get_engine, get_session  # noqa: E402
from village_avenir.domain.planning import Need  # noqa: E402
from village_avenir.models import Commune  # noqa: E402
from village_avenir.parametres import load_catalogue_actions, load_financements  # noqa: E402
from village_avenir.services import plans as sp  # noqa: E402
from village_avenir.services.diagnostic.imports import load_shipped_indicateurs  # noqa: E402
from village_avenir.services.plans.validation import validate  # noqa: E402
from village_avenir.services.referentiel import load_departement  # noqa: E402
from village_avenir.views.plans.pdf import projet_pdf_bytes  # noqa: E402

CODE = "46256"
TARGET = 2.0


def build(petit: bool):
    """The validated plan version of the synthetic plan (and its commune)."""
    s = get_session()
    load_departement(s, "46", qui="banc d'essai")
    load_shipped_indicateurs(s, "46", qui="banc d'essai")
    cat = load_catalogue_actions()
    codes = list(cat.besoins)[:2] if petit else list(cat.besoins)
    needs = [Need(cat.besoins[c].domaine, c, 80, "banc d'essai (synthétique)") for c in codes]
    version = sp.propose(s, CODE, needs, cat, qui="bench")
    commune = s.get(Commune, CODE)
    point = shapely.from_wkb(commune.geometry).representative_point()
    for a in sp.actions_of(s, version):
        sp.place_action(s, CODE, a.cle, point, qui="bench")
    version = validate(s, CODE, cat, load_financements(), qui="bench")
    return commune, version, len(sp.actions_of(s, version))


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--petit", action="store_true", help="mode réduit (test)")
    parser.add_argument("--sortie", help="écrire le PDF ici")
    parser.add_argument("--repetitions", type=int, default=5)
    args = parser.parse_args(argv)
    from pypdf import PdfReader

    repetitions = 1 if args.petit else args.repetitions
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3",
                "SECRET_KEY": "banc-d-essai-" + "x" * 32,
                "PIECES_DIR": tmp,
                "TESTING": True,
            }
        )
        with app.test_request_context():
            create_schema(get_engine())
            commune, version, n = build(args.petit)
            print("Besoins SYNTHÉTIQUES (tous à 80/100) : le banc mesure le PDF, pas un plan réel.")
            print(f"Charge de la machine (1, 5, 15 min) : {os.getloadavg()}")
            best = best_cpu = float("inf")
            pdf = b""
            for _ in range(repetitions):
                t0, c0 = time.perf_counter(), time.process_time()
                pdf = projet_pdf_bytes(commune, version)
                best = min(best, time.perf_counter() - t0)
                best_cpu = min(best_cpu, time.process_time() - c0)
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            print(
                f"PDF du projet stratégique de {commune.nom}, {n} fiches-actions : {pages} pages, "
                f"{len(pdf) / 1024:,.0f} Kio, meilleur temps {best:.2f} s (temps CPU "
                f"{best_cpu:.2f} s) sur {repetitions} (cible ≤ {TARGET:.0f} s)"
            )
            if args.sortie:
                Path(args.sortie).write_bytes(pdf)
    return {"pages": pages, "actions": n, "secondes": best, "octets": len(pdf)}


if __name__ == "__main__":
    main()
