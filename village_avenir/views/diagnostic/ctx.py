"""Presentation of a diagnostic snapshot's content (pure: no database, no request)."""

from __future__ import annotations

from ...domain.portrait import compare
from ...domain.scoring import combine
from ...domain.tranches import POP_BANDS, band_of

STATUTS = {
    "classe": "classé",
    "non_classe": "non classé : trop peu de communes ont une valeur",
    "seuil": "jugé au regard d'un seuil (hors score)",
    "manquant": "non renseigné",
    "non_date": "non daté : montré, hors score tant que la source ne donne pas d'année",
}


def _row(ident, meta, values, secrets) -> dict:
    valeur, pct, besoin, poids, part, contrib, annee, source, *rest = values
    statut = rest[0] if rest else "classe"
    secret = valeur is None and any(d in secrets for d in meta.get("donnees", ()))
    return {
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
        "statut": statut,
        "statut_libelle": "secret statistique" if secret else STATUTS.get(statut, statut),
        "secret": secret,
        "signal": rest[1] if len(rest) > 1 else None,
        # a stabilised rate (domain/stabilisation.py): the raw rate and the rule applied
        "brut": rest[2] if len(rest) > 2 else None,
        "regle": rest[3] if len(rest) > 3 else None,
    }


def formula(domaines: list[dict], weights: dict, glob: float | None) -> dict | None:
    """The global need written with the commune's numbers: each evaluated domain's weight and
    score, the sum of the weights and the result (None: no global score)."""
    terms = [
        (d["libelle"], float(weights.get(d["id"], 0.0)), d["score"])
        for d in domaines
        if d["evalue"] and d["score"] is not None and weights.get(d["id"], 0.0) > 0
    ]
    if glob is None or not terms:
        return None
    return {"termes": terms, "total": sum(w for _, w, _ in terms), "resultat": glob}


def commune_view(
    content: dict, code: str, rang: str | None = None, plage: str | None = None
) -> dict | None:
    """Everything the sheet section shows for one commune, from a snapshot's content.

    ``rang``: the rank text of ``domain.ranking.rank_text`` (one definition everywhere);
    ``plage``: how far it moves when each weight moves by ±50 % (``ranking.range_text``)."""
    c = content["communes"].get(code)
    if c is None:
        return None
    regles = content.get("regles", {})
    seuil = regles.get("seuil_couverture", content.get("seuil_couverture_faible", 0.5))
    evalues = content.get("domaines_evalues", list(content["domaines"]))
    adj = content.get("ajustements", {}).get(code, {})
    inds = content["indicateurs"]
    secrets = set(c.get("secrets", ()))
    domaines = []
    a_importer: dict[str, list[str]] = {}
    manquants: list[str] = []
    for dom, libelle in content["domaines"].items():
        calc, cov = c["domaines"][dom]
        rows = []
        for ident, *values in c["detail"]:
            meta = inds[ident]
            if meta["domaine"] != dom:
                continue
            row = _row(ident, meta, values, secrets)
            rows.append(row)
            if row["valeur"] is None and row["statut"] != "seuil":
                manquants.append(meta["libelle"])
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
                "evalue": dom in evalues,
                "a_evaluer": dom not in evalues and calc is None,
                "indicateurs": rows,
                "signalements": [r for r in rows if r["statut"] == "seuil" and r["signal"]],
            }
        )
    contexte = []
    for ident in content.get("contexte", []):
        meta = inds[ident]
        v = c.get("contexte", {}).get(ident)
        secret = v is None and any(d in secrets for d in meta.get("donnees", ()))
        contexte.append(
            {
                "id": ident,
                **meta,
                "valeur": v[0] if v else None,
                "annee": v[1] if v else None,
                "source": v[2] if v else None,
                "secret": secret,
            }
        )
    faible = c["couverture"] < seuil
    scores = {d["id"]: d["score"] for d in domaines if d["id"] in evalues}
    glob = c["global"]
    if adj and not faible:
        glob = combine(scores, content["ponderation"]["domaines"])
    return {
        "domaines": domaines,
        "global": glob,
        "couverture": c["couverture"],
        "faible": faible,
        "seuil": seuil,
        "part_minimale_rang": regles.get("part_minimale_rang"),
        "minimum_communes": regles.get("minimum_communes"),
        "nb_communes": regles.get("nb_communes", len(content["communes"])),
        "rang": rang,
        "plage": plage,
        "formule": formula(domaines, content["ponderation"]["domaines"], glob)
        if not faible
        else None,
        "millesimes": c.get("millesimes", []),
        "contexte": contexte,
        "manquants": manquants,
        "ponderation": content["ponderation"]["libelle"],
        "catalogue": content["catalogue"],
        "a_importer": a_importer,
    }


def portrait(content: dict, code: str, populations: dict[str, int | None]) -> dict | None:
    """Each key figure of ``code`` (ranked-mode indicators and context figures) beside the
    département's median and the median of the communes of its population band."""
    if code not in content["communes"]:
        return None
    inds = content["indicateurs"]
    cols: dict[str, dict[str, float | None]] = {}
    for c, data in content["communes"].items():
        for row in data["detail"]:
            if inds[row[0]].get("mode", "rang") == "rang":
                cols.setdefault(row[0], {})[c] = row[1]
        for ident, v in data.get("contexte", {}).items():
            cols.setdefault(ident, {})[c] = v[0] if v else None
    bands = {c: band_of(p) for c, p in populations.items()}
    own = content["communes"][code]
    meta_of = {row[0]: (row[7], row[8]) for row in own["detail"]}
    meta_of.update({k: (v[1], v[2]) for k, v in own.get("contexte", {}).items() if v})
    lignes = []
    for ident, col in cols.items():
        if all(v is None for v in col.values()):
            continue
        comp = compare(code, col, bands)
        annee, source = meta_of.get(ident, (None, None))
        secret = comp.valeur is None and bool(
            set(inds[ident].get("donnees", ())) & set(own.get("secrets", ()))
        )
        lot = content.get("departement", {}).get(ident)
        lignes.append(
            {
                "id": ident,
                **inds[ident],
                "comparaison": comp,
                # the département's own figure (sums of its communes), beside the medians
                "departement": lot[0] if lot else None,
                "departement_source": lot[2] if lot else None,
                "annee": annee,
                "source": source,
                "secret": secret,
            }
        )
    band = bands.get(code)
    return {
        "tranche": POP_BANDS[band][0] if band else None,
        "lignes": lignes,
        # False: a snapshot frozen before the département's own figures (2026-12-07)
        "avec_departement": "departement" in content,
    }
