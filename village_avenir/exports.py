"""CSV exports (``;``-separated, UTF-8 with BOM for spreadsheet software), keyed by INSEE code."""

from __future__ import annotations

import csv
import io

from .domain import workflow as wf

__all__ = ["candidatures_csv"]

CANDIDATURES_COLUMNS = [
    "code_insee",
    "commune",
    "campagne",
    "etat",
    "etat_libelle",
    "etat_depuis",
    "deposee_le",
    "eligibilite_au_depot",
]


def candidatures_csv(rows) -> str:
    """``rows``: (Candidature, Commune, Campagne) tuples as given by list_candidatures."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CANDIDATURES_COLUMNS)
    for cand, commune, campagne in rows:
        writer.writerow(
            [
                cand.code_insee,
                commune.nom,
                campagne.nom,
                cand.etat,
                wf.label(cand.etat),
                cand.etat_depuis.date().isoformat(),
                cand.deposee_le.date().isoformat() if cand.deposee_le else "",
                cand.eligibilite_au_depot or "",
            ]
        )
    return "\ufeff" + out.getvalue()
