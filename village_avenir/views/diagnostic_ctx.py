"""Presentation of a diagnostic snapshot's content (pure: no database, no request)."""

from __future__ import annotations

from ..domain.scoring import combine

POP_BANDS = {
    "0-199": ("moins de 200 habitants", 0, 199),
    "200-499": ("200 à 499 habitants", 200, 499),
    "500-999": ("500 à 999 habitants", 500, 999),
    "1000-1999": ("1 000 à 1 999 habitants", 1000, 1999),
    "2000+": ("2 000 habitants et plus", 2000, 10**9),
}


def in_band(population: int | None, band: str | None) -> bool:
    if not band or band not in POP_BANDS:
        return True
    _, lo, hi = POP_BANDS[band]
    return population is not None and lo <= population <= hi


def commune_view(content: dict, code: str) -> dict | None:
    """Everything the sheet section shows for one commune, from a snapshot's content."""
    c = content["communes"].get(code)
    if c is None:
        return None
    seuil = content["seuil_couverture_faible"]
    adj = content.get("ajustements", {}).get(code, {})
    inds = content["indicateurs"]
    domaines = []
    a_importer: dict[str, list[str]] = {}
    for dom, libelle in content["domaines"].items():
        calc, cov = c["domaines"][dom]
        rows = []
        for ident, valeur, pct, besoin, poids, part, contrib, annee, source in c["detail"]:
            meta = inds[ident]
            if meta["domaine"] != dom:
                continue
            rows.append(
                {
                    "id": ident,
                    **meta,
                    "valeur": valeur,
                    "percentile": pct,
                    "besoin": besoin,
                    "poids": poids,
                    "part": part,
                    "contribution": contrib,
                    "annee": annee,
                    "source": source,
                }
            )
            if valeur is None:
                for f in meta["fichiers"]:
                    a_importer.setdefault(f, []).append(meta["libelle"])
        retenu = adj[dom]["valeur"] if dom in adj else calc
        domaines.append(
            {
                "id": dom,
                "libelle": libelle,
                "score": retenu,
                "calcule": calc,
                "ajustement": adj.get(dom),
                "couverture": cov,
                "faible": cov < seuil,
                "indicateurs": rows,
            }
        )
    scores = {d["id"]: d["score"] for d in domaines}
    return {
        "domaines": domaines,
        "global": combine(scores, content["ponderation"]["domaines"]) if adj else c["global"],
        "couverture": c["couverture"],
        "faible": c["couverture"] < seuil,
        "seuil": seuil,
        "rang": c["rang"],
        "nb_communes": len(content["communes"]),
        "ponderation": content["ponderation"]["libelle"],
        "catalogue": content["catalogue"],
        "a_importer": a_importer,
    }
