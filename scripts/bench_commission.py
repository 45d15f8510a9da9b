"""Benchmark of the committee pack PDF (issue 15): a session of 31 candidates, as in 2021.

Builds a throw-away SQLite database with the Lot's shipped referential, SYNTHETIC indicator
values for every commune and 31 applications in instruction with SYNTHETIC CONTENT GENERATED
BY THIS SCRIPT (indicator values, project titles, descriptions, costs, opinions: they mean
nothing), an opinion on each, freezes the session, then times the
PDF (WeasyPrint) several times and prints its size, page count and time. Target: ≤ 5 s on
the 2-core machine.

    .venv/bin/python scripts/bench_commission.py [--sortie dossier.pdf]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import select  # noqa: E402

from village_avenir import create_app  # noqa: E402
from village_avenir.db import get_session  # noqa: E402
from village_avenir.domain import workflow as wf  # noqa: E402
from village_avenir.models import Candidature, Commune, ValeurIndicateur  # noqa: E402
from village_avenir.parametres import load_parametres_diagnostic, load_regles  # noqa: E402
from village_avenir.services import campagnes
from village_avenir.services.candidatures import avis
from village_avenir.services.commission import seance as commission  # noqa: E402
from village_avenir.services.diagnostic.instantanes import take_snapshot  # noqa: E402
from village_avenir.services.referentiel import load_departement  # noqa: E402
from village_avenir.views.commission.pdf import pack_pdf  # noqa: E402
from village_avenir.views.commission.seance import opinion_map  # noqa: E402

N = 31


def build(app) -> dict:
    """The frozen pack of a synthetic session of N candidates."""
    rng = random.Random(2021)  # noqa: S311  reproducible synthetic content, not a secret
    s = get_session()
    load_departement(s, "46", qui="banc d'essai")
    today = date.today()
    campagne = campagnes.create_campaign(
        s,
        nom="Appel 2021 (synthétique)",
        ouverture=today - timedelta(days=1),
        cloture=today + timedelta(days=30),
        regles_version=load_regles().version,
        qui="bench",
    )
    communes = s.exec(select(Commune).order_by(Commune.code_insee)).all()
    # SYNTHETIC indicator values for every commune, so that each candidate page carries a
    # full diagnosis table (sources, years), as with real imported data.
    for commune in communes:
        for d in load_parametres_diagnostic().catalogue.donnees.values():
            low, high = d.minimum or 0, d.maximum if d.maximum is not None else 400
            s.add(
                ValeurIndicateur(
                    code_insee=commune.code_insee,
                    donnee=d.id,
                    valeur=round(rng.uniform(low, high)),
                    annee="2021",
                    source="Valeur synthétique du banc d'essai",
                    origine="importee",
                    saisi_par="bench",
                )
            )
    s.commit()
    for commune in rng.sample(list(communes), N):
        contenu = {
            "projet_titre": f"Revitaliser le bourg de {commune.nom}",
            "projet_description": "Texte synthétique du projet. " * rng.randint(10, 40),
            "patrimoine": [
                {
                    "nom": "Église",
                    "protection": "aucune",
                    "etat": "moyen",
                    "cout": str(rng.randint(20, 900) * 1000),
                }
            ],
            "logements_vacants": str(rng.randint(0, 40)),
        }
        cand = Candidature(
            campagne_id=campagne.id,
            code_insee=commune.code_insee,
            etat=wf.EN_INSTRUCTION,
            contenu=json.dumps(contenu),
            cree_par="bench",
        )
        s.add(cand)
        s.commit()
        avis.give_opinion(
            s,
            cand,
            avis=rng.choice(list(avis.AVIS)),
            motivation="Motivation synthétique. " * rng.randint(3, 20),
            enjeux="Enjeux synthétiques.",
            qui="bench",
        )
    take_snapshot(s, qui="bench", motif="Banc d'essai")
    ordre = commission.ordre_of(s, campagne, None)
    commission.save_session(
        s, campagne, date_seance=today, membres="Membres synthétiques", ordre=ordre, qui="bench"
    )
    seance = commission.freeze(s, campagne, load_regles(), qui="bench", carte=opinion_map)
    return commission.frozen_pack(seance)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sortie", help="écrire le PDF ici")
    parser.add_argument("--repetitions", type=int, default=3)
    args = parser.parse_args()
    from pypdf import PdfReader

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
            from village_avenir.db import create_schema, get_engine

            create_schema(get_engine())
            pack = build(app)
            print("Contenu des candidatures et avis SYNTHÉTIQUES générés par ce script.")
            print(f"Charge de la machine (1, 5, 15 min) : {os.getloadavg()}")
            best = best_cpu = float("inf")
            pdf = b""
            for _ in range(args.repetitions):
                t0, c0 = time.perf_counter(), time.process_time()
                pdf = pack_pdf(pack)
                best = min(best, time.perf_counter() - t0)
                best_cpu = min(best_cpu, time.process_time() - c0)
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            print(
                f"PDF du dossier de séance, {len(pack['candidatures'])} candidatures : "
                f"{pages} pages, {len(pdf) / 1024:,.0f} Kio, meilleur temps {best:.2f} s "
                f"(temps CPU {best_cpu:.2f} s) sur {args.repetitions} (cible ≤ 5 s)"
            )
            if args.sortie:
                Path(args.sortie).write_bytes(pdf)


if __name__ == "__main__":
    main()
