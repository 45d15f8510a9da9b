"""CSV export of the classement (keyed by INSEE code)."""

from __future__ import annotations

import csv
import io

from flask import Response

from ..auth import role_required
from ..db import get_session
from ..services.diagnostic_calcul import parametres
from .diagnostic import _classement_rows, bp


@bp.get("/classement.csv")
@role_required("ingenieur")
def classement_csv():
    session = get_session()
    rows, _, _ = _classement_rows(session)
    domaines = list(parametres().catalogue.domaines)
    out = io.StringIO()
    w = csv.writer(out, delimiter=";")
    w.writerow(
        [
            "rang",
            "code_insee",
            "nom",
            "epci",
            "population",
            "score_global",
            "couverture",
            *[f"score_{d}" for d in domaines],
            "instantane",
            "date_instantane",
            "villages_avenir",  # State programme (ANCT, Dec. 2023): information, not exclusion
        ]
    )
    for i, (a, s) in enumerate(rows, 1):
        fmt = lambda v: "" if v is None else f"{v:.1f}"  # noqa: E731
        w.writerow(
            [
                i,
                a.commune.code_insee,
                a.commune.nom,
                a.epci_nom or "",
                a.commune.population or "",
                fmt(s.score_global),
                f"{s.couverture:.2f}",
                *[fmt(s.domaines[d]) for d in domaines],
                s.instantane_id or "provisoire",
                s.date.strftime("%Y-%m-%d %H:%M"),
                "oui" if any(m.programme == "va" for m in a.eligibility.informations) else "non",
            ]
        )
    return Response(
        "\ufeff" + out.getvalue(),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": "attachment; filename=classement-besoins.csv"},
    )
