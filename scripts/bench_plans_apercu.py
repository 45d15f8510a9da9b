"""Benchmark and figures of the plan preview (issue 21): the plan proposed to every ranked
commune of the Lot, as ``flask plans-apercu`` writes it (target: ≤ 5 s on the 2-core machine).

Builds a throw-away SQLite database as a fresh install does (``flask init-db``: the shipped
referential, memberships and REAL shipped indicators of ``data/indicateurs/46.csv``, first
snapshot), then times the preview several times and prints: the time, the number of
communes and lines, then the figures the README quotes (how many communes each action
reaches, long-term lines, median total per inhabitant, plans above the reference capacity).
Nothing is saved anywhere but in the temporary database.

    .venv/bin/python scripts/bench_plans_apercu.py [--repetitions 3] [--tableau]
    .venv/bin/python scripts/bench_plans_apercu.py --petit   # smoke mode (20 communes, once)
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from village_avenir import create_app  # noqa: E402
from village_avenir.db import create_schema, get_engine, get_session  # noqa: E402
from village_avenir.parametres import load_catalogue_actions  # noqa: E402
from village_avenir.services.diagnostic.imports import load_shipped_indicateurs  # noqa: E402
from village_avenir.services.plans.apercu import preview_plans, write_preview_csv  # noqa: E402
from village_avenir.services.referentiel import load_departement  # noqa: E402


def figures(apercus) -> dict:
    """What the README says of the preview (computed, never typed by hand)."""
    n = len(apercus)
    counts = Counter(a.action_id for ap in apercus for a in ap.plan.actions)
    per_hab = [ap.totaux.total[1] / ap.population for ap in apercus if ap.population]
    return {
        "communes": n,
        "actions": counts,
        "long": sum(not ap.plan.sans_long_terme for ap in apercus),
        "vides": sum(not ap.plan.actions for ap in apercus),
        "au_dessus": sum(ap.totaux.au_dessus for ap in apercus),
        "patrimoine_a_evaluer": sum(ap.plan.patrimoine_a_evaluer for ap in apercus),
        "mediane_max_par_habitant": statistics.median(per_hab) if per_hab else 0,
    }


def why(catalogue, action_id: str) -> str:
    """The need an action answers and the communes it is meant for."""
    action = catalogue.action(action_id)
    text = catalogue.besoins[action.besoin].libelle
    if action.population_max is not None:
        text += f" ; {action.population_max} hab. au plus"
    if action.population_min is not None:
        text += f" ; {action.population_min} hab. au moins"
    return text


def print_figures(f: dict, tableau: bool) -> None:
    n = f["communes"] or 1
    print(
        f"{f['communes']} communes : ligne de long terme dans {f['long']} plans "
        f"({f['long'] / n:.0%}), {f['vides']} plans sans action, {f['au_dessus']} au-dessus de "
        f"la capacité de référence, patrimoine à évaluer pour {f['patrimoine_a_evaluer']} ; "
        f"total médian (haut de fourchette) {f['mediane_max_par_habitant']:,.0f} € par habitant"
    )
    print(f"{len(f['actions'])} actions différentes proposées.")
    catalogue = load_catalogue_actions()
    labels = {a.id: a.libelle for a in catalogue.actions}
    if tableau:
        print("| Action | Besoin auquel elle répond (taille de commune) | Communes | Part |")
        print("|---|---|---:|---:|")
    for action_id, count in f["actions"].most_common():
        if tableau:
            print(
                f"| {labels.get(action_id, action_id)} | {why(catalogue, action_id)} | "
                f"{count} | {count / n * 100:.0f} % |"
            )
        else:
            print(f"{count:5d}  {count / n:4.0%}  {action_id}")


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--petit", action="store_true", help="20 communes, une fois (test)")
    parser.add_argument("--tableau", action="store_true", help="tableau Markdown du README")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3",
                "SECRET_KEY": "banc-d-essai-" + "x" * 32,
                "PIECES_DIR": tmp,
                "TESTING": True,
            }
        )
        with app.app_context():
            create_schema(get_engine())
            session = get_session()
            load_departement(session, "46", qui="banc d'essai")
            load_shipped_indicateurs(session, "46", qui="banc d'essai")
            print(f"Charge de la machine (1, 5, 15 min) : {os.getloadavg()}")
            codes = None
            if args.petit:
                codes = [ap.code_insee for ap in preview_plans(session)][:20]
            best, apercus, lines = float("inf"), [], 0
            for _ in range(1 if args.petit else args.repetitions):
                t0 = time.perf_counter()
                apercus = preview_plans(session, codes)
                lines = write_preview_csv(io.StringIO(), apercus)
                best = min(best, time.perf_counter() - t0)
                session.rollback()
            app.extensions["village_avenir.engine"].dispose()
    print(
        f"Aperçu des plans : {len(apercus)} communes, {lines} lignes, meilleur temps "
        f"{best:.2f} s (cible ≤ 5 s)"
    )
    f = figures(apercus)
    print_figures(f, args.tableau)
    return {**f, "temps": best, "lignes": lines}


if __name__ == "__main__":
    main()
