"""CSV exports (``;``-separated, UTF-8 with BOM for spreadsheet software), keyed by INSEE code."""

from __future__ import annotations

import csv
import io

from .domain import workflow as wf

__all__ = ["candidatures_csv", "commission_csv", "write_csv"]

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


def write_csv(columns: list[str], rows) -> str:
    """The project's CSV: ``;``-separated, CRLF, UTF-8 with BOM, a header row first."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return "\ufeff" + out.getvalue()


def candidatures_csv(rows) -> str:
    """``rows``: (Candidature, Commune, Campagne) tuples as given by list_candidatures."""
    return write_csv(
        CANDIDATURES_COLUMNS,
        (
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
            for cand, commune, campagne in rows
        ),
    )


def _num(value) -> str:
    """Numbers as French spreadsheets read them (decimal comma), empty when unknown."""
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _texte(value: str) -> str:
    """Free text typed by a commune, made inert for spreadsheets (no formula injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def commission_csv(pack: dict) -> str:
    """The committee's comparison table (a pack of ``services.commission_dossier``), one
    line per application in agenda order, keyed by INSEE code."""
    domaines = list(pack["domaines"])
    figures = list(pack["chiffres_cles"])
    columns = [
        "code_insee",
        "commune",
        "rang_ordre_du_jour",
        "population",
        "population_annee",
        "eligibilite",
        "regles_version",
        *[f"besoin_{d}" for d in domaines],
        *[f"couverture_{d}" for d in domaines],
        "besoin_global",
        "couverture_globale",
        "instantane_diagnostic",
        *figures,
        *[f"{f}_annee" for f in figures],
        "projet",
        "montant_estime_eur",
        "avis",
        "candidature_version",
    ]
    rows = []
    for rang, r in enumerate(pack["candidatures"], start=1):
        diag = r["diagnostic"] or {"domaines": {}, "global": None, "couverture": None}
        d = diag["domaines"]
        fig = r["chiffres_cles"]
        rows.append(
            [
                r["code_insee"],
                r["commune"],
                rang,
                r["population"] if r["population"] is not None else "",
                r["population_annee"] or "",
                r["eligibilite"]["statut"],
                r["eligibilite"]["regles_version"],
                *[_num(d.get(k, {}).get("score")) for k in domaines],
                *[_num(d.get(k, {}).get("couverture")) for k in domaines],
                _num(diag["global"]),
                _num(diag["couverture"]),
                pack["instantane"]["id"] or "",
                *[_num(fig[f]["valeur"]) if f in fig else "" for f in figures],
                *[(fig[f]["annee"] or "") if f in fig else "" for f in figures],
                _texte(r["projet"]),
                _num(r["montant"]),
                r["avis"]["avis"] if r["avis"] else "",
                r["version"],
            ]
        )
    return write_csv(columns, rows)
