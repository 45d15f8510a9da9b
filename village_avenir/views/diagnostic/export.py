"""CSV export of the classement (keyed by INSEE code), through the project's CSV writer:
French decimals (``76,5``) and Paris time for ``date_calcul``, like ``/carte/communes.csv``."""

from __future__ import annotations

from flask import Response, request

from ...db import get_session
from ...exports import csv_decimal, csv_heure, csv_text
from ...parametres import load_parametres_diagnostic, load_regles
from ...services.diagnostic.rangs import classement_rows
from ...web.auth import role_required
from .blueprint import bp


@bp.get("/classement.csv")
@role_required("ingenieur")
def classement_csv():
    args = request.args
    lignes = classement_rows(
        get_session(), load_regles(), epci=args.get("epci"), tranche=args.get("tranche")
    )
    ranking = lignes.classement
    domaines = list(load_parametres_diagnostic().catalogue.domaines)
    header = [
        "rang",
        "sur",
        "code_insee",
        "nom",
        "epci",
        "population",
        "eligibilite",
        "besoin_global_relatif",
        "rang_le_meilleur_poids_50",  # best and worst rank with each weight moved by ±50 %
        "rang_le_moins_bon_poids_50",
        "couverture",
        *[f"besoin_{d}" for d in domaines],
        *[f"couverture_{d}" for d in domaines],
        "millesimes_donnees",
        "instantane",
        "date_calcul",
        "villages_avenir",  # State programme (ANCT, Dec. 2023): information, not exclusion
    ]
    fmt = csv_decimal  # French decimals, like /carte/communes.csv

    def line(a, s, rang, a_verifier) -> list:
        cov = (s.couvertures or {}) if s else {}
        plage = ranking.plages.get(a.commune.code_insee, ("", ""))
        return [
            rang if rang is not None else "données insuffisantes",
            ranking.n,
            a.commune.code_insee,
            a.commune.nom,
            a.epci_nom or "",
            a.commune.population or "",
            "à vérifier" if a_verifier else "éligible",
            fmt(s.score_global if s else None),
            *plage,
            csv_decimal(s.couverture, 2) if s else "",
            *[fmt(s.domaines.get(d)) if s else "" for d in domaines],
            *[csv_decimal(cov[d], 2) if d in cov else "" for d in domaines],
            " ".join(s.millesimes) if s else "",
            (s.instantane_id or "provisoire") if s else "",
            csv_heure(s.date) if s else "",  # Paris time
            "oui" if any(m.programme == "va" for m in a.eligibility.informations) else "non",
        ]

    return Response(
        csv_text(header, (line(*r) for r in [*lignes.lignes, *lignes.apart])),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": "attachment; filename=classement-besoins.csv"},
    )
