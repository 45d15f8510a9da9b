#!/usr/bin/env python3
"""Figures of the diagnosis method (README « Diagnostic des besoins », docs/DIAGNOSTIC.md):
how much each indicator measures size, and how solid the ranks are (issue 24).

It loads the shipped Lot (``data/communes/46.geojson``, ``data/indicateurs/46.csv``) into a
temporary SQLite database exactly as ``flask init-db`` does, scores it with the parameters in
force, and prints:

- for each scored indicator: Spearman's ρ between the commune's census population (2022) and
  its value, raw and stabilised where a stabilisation applies (``domain/stabilisation.py``),
  then between population and the need (the oriented percentile that enters the score);
- ρ between population and the global need;
- the spread of ranks when each weight moves by ±50 % one at a time (``domain/robustesse.py``
  and ``domain.ranking.rank_ranges``): median and largest width, communes whose rank moves by
  at most 5 places, and the top 30 that stay in the top 30 in every variant;
- Saint-Hilaire (46269) against Cahors (46042) on the public-services indicator.

Usage::

    .venv/bin/python scripts/analyse_diagnostic.py            # the whole Lot (~20 s)
    .venv/bin/python scripts/analyse_diagnostic.py --petit    # 160 communes with data (test)

``--petit`` loads the INSEE figures of the first 160 communes only (by INSEE code; the
others stay without them; France services stays whole): a smoke run of every step, whose figures are not those of the README.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from village_avenir.domain.scoring import percentile_ranks  # noqa: E402

PETIT = 160  # just over half the Lot: enough for indicators to be ranked


def spearman(xs: dict[str, float], ys: dict[str, float]) -> float | None:
    """Spearman's ρ over the codes present in both (mid-ranks for ties), None under 3."""
    common = sorted(set(xs) & set(ys))
    if len(common) < 3:
        return None
    rx = percentile_ranks({c: xs[c] for c in common})
    ry = percentile_ranks({c: ys[c] for c in common})
    mx, my = statistics.fmean(rx.values()), statistics.fmean(ry.values())
    cov = sum((rx[c] - mx) * (ry[c] - my) for c in common)
    vx = sum((rx[c] - mx) ** 2 for c in common)
    vy = sum((ry[c] - my) ** 2 for c in common)
    return None if vx == 0 or vy == 0 else cov / math.sqrt(vx * vy)


def fr(x: float | None, decimals: int = 2) -> str:
    if x is None:
        return "—"
    return f"{x:+.{decimals}f}".replace(".", ",") if decimals else f"{x:.0f}"


def load(url: str, petit: bool, tmp: str):
    """An app on ``url`` with the Lot and its shipped indicators (``petit``: only those of
    the first communes, from a filtered copy of the file)."""
    from village_avenir import create_app
    from village_avenir.db import create_schema, get_engine, get_session
    from village_avenir.services.diagnostic.imports import load_shipped_indicateurs
    from village_avenir.services.referentiel import load_departement

    config = {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "analyse", "TESTING": True}
    if petit:
        lines = (ROOT / "data" / "indicateurs" / "46.csv").read_text(encoding="utf-8")
        lines = lines.splitlines(keepends=True)
        codes = sorted({line.split(";")[0] for line in lines[1:]})[:PETIT]
        # France services (ANCT) stays whole: an exhaustive file covering part of the
        # département is not read as zeros, and the distances need it everywhere
        kept = [
            lines[0],
            *(
                line
                for line in lines[1:]
                if line.split(";")[0] in codes or line.split(";")[1] == "france_services"
            ),
        ]
        Path(tmp, "46.csv").write_text("".join(kept), encoding="utf-8")
        config["INDICATEURS_DIR"] = tmp
    app = create_app(config)
    with app.app_context():
        create_schema(get_engine())
        session = get_session()
        load_departement(session, "46", qui="analyse")
        load_shipped_indicateurs(session, "46", qui="analyse")
    return app


def analyse(session) -> dict:
    """Every figure of the report, from the database of ``session`` (scored now)."""
    from village_avenir.domain.ranking import rank, rank_ranges
    from village_avenir.domain.robustesse import variantes
    from village_avenir.parametres import load_parametres_diagnostic, load_regles
    from village_avenir.services.diagnostic.calcul import compute, raw_values
    from village_avenir.services.eligibilite import assess_all

    p = load_parametres_diagnostic()
    communes, values, result = compute(session)
    raw = raw_values(session)
    pop = {c: r["pop_recente"].valeur for c, r in raw.items() if "pop_recente" in r}
    lignes = []
    for ind in p.catalogue.indicateurs:
        if ind.mode != "rang":
            continue
        col = values.get(ind.id, {})
        valeur = {c: v.valeur for c, v in col.items()}
        brut = {c: v.brut for c, v in col.items() if v.brut is not None}
        ranked = result._ranks.get(ind.id)
        besoin = {}
        if ranked:
            for c in ranked:
                b = next(x for x in result.breakdown(c) if x.indicateur == ind.id)
                besoin[c] = b.besoin
        lignes.append(
            {
                "id": ind.id,
                "libelle": ind.libelle,
                "n": len(valeur),
                "rho_brut": spearman(pop, brut) if brut else None,
                "rho_valeur": spearman(pop, valeur),
                "rho_besoin": spearman(pop, besoin) if besoin else None,
                "poids": result.weights.indicateurs.get(ind.id, 0.0),
            }
        )
    glob = {c: r.score_global for c, r in result.communes.items() if r.score_global is not None}
    statuts = {
        a.commune.code_insee: a.eligibility.statut for a in assess_all(session, load_regles())
    }
    classement = rank((c, r.score_global, statuts.get(c, "")) for c, r in result.communes.items())
    moved = variantes(result, p.ponderation.variation_poids)
    plages = rank_ranges(classement, moved.scores)
    widths = [hi - lo for lo, hi in plages.values()]
    top = set(classement.ordre[:30])
    solid_top = [c for c in top if plages[c][1] <= 30]
    duel = {}
    for code in ("46269", "46042"):
        v = values.get("services_publics_par_habitant", {}).get(code)
        b = [x for x in result.breakdown(code) if x.indicateur == "services_publics_par_habitant"]
        if v is not None and b:
            duel[code] = (v.brut, v.valeur, b[0].besoin)
    return {
        "communes": len(communes),
        "lignes": lignes,
        "rho_global": spearman(pop, glob),
        "classees": classement.n,
        "variantes": len(moved.cles),
        "largeur_mediane": statistics.median(widths) if widths else None,
        "largeur_max": max(widths) if widths else None,
        "au_plus_5": sum(1 for w in widths if w <= 5),
        "top30_solides": len(solid_top),
        "top30": len(top),
        "duel": duel,
    }


def report(figures: dict) -> str:
    out = [f"Communes : {figures['communes']} ; classées : {figures['classees']}."]
    out.append("")
    out.append("Corrélation de Spearman avec la population (recensement 2022) :")
    out.append("indicateur | poids | valeur brute | valeur notée | besoin")
    for row in figures["lignes"]:
        out.append(
            f"{row['id']} | {fr(row['poids'], 1)} | {fr(row['rho_brut'])} | "
            f"{fr(row['rho_valeur'])} | {fr(row['rho_besoin'])}"
        )
    out.append(f"Besoin global : ρ = {fr(figures['rho_global'])}")
    out.append("")
    out.append(
        f"Solidité des rangs ({figures['variantes']} variantes, chaque poids à ±50 %) : largeur "
        f"médiane {fr(figures['largeur_mediane'], 0)} rangs, la plus grande "
        f"{fr(figures['largeur_max'], 0)} ; {figures['au_plus_5']} communes sur "
        f"{figures['classees']} bougent d'au plus 5 rangs ; {figures['top30_solides']} des "
        f"{figures['top30']} premières restent dans les 30 premières dans toutes les variantes."
    )
    for code, (brut, valeur, besoin) in figures["duel"].items():
        out.append(
            f"{code} services publics pour 1 000 hab. : brut {fr(brut)}, noté {fr(valeur)}, "
            f"besoin {fr(besoin, 0)}"
        )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--petit", action="store_true", help=f"{PETIT} communes seulement")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="analyse-diagnostic-") as tmp:
        app = load(f"sqlite:///{tmp}/analyse.sqlite3", args.petit, tmp)
        with app.app_context():
            from village_avenir.db import get_session

            print(report(analyse(get_session())))
        app.extensions["village_avenir.engine"].dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
