"""CSV exports (``;``-separated, UTF-8 with BOM for spreadsheet software), keyed by INSEE code.

``csv_text`` is THE writer of every CSV export (applications, plans, map layers, needs
ranking): it neutralises spreadsheet formulas. A cell whose text starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return would be run as a formula by Excel or LibreOffice
(« =HYPERLINK(…) », « @SUM(…) », DDE): such text is prefixed with an apostrophe, which
spreadsheets show as plain text. Numbers stay numbers: an ``int`` or ``float``, or a text
that is only a number (``-12``, ``-1 234,5``), is written unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import datetime

from .domain import workflow as wf
from .formatting import local

__all__ = [
    "candidatures_csv",
    "commission_csv",
    "csv_decimal",
    "csv_heure",
    "csv_text",
    "safe_cell",
]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?[0-9][0-9\u202f\u00a0 ]*([.,][0-9]+)?")


def safe_cell(value) -> object:
    """The value as a spreadsheet will read it safely (see the module's docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_decimal(value: float | None, decimals: int = 1) -> str:
    """``76.5`` → ``76,5``: a number a French spreadsheet reads as a number (decimal comma, no
    thousands separator); empty when unknown."""
    if value is None:
        return ""
    return f"{value:.{decimals}f}".replace(".", ",")


def csv_heure(value: datetime | None) -> str:
    """A stored time (UTC) as Paris time, ``2026-12-07 06:15`` (summer and winter)."""
    if value is None:
        return ""
    return local(value).strftime("%Y-%m-%d %H:%M")


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """The whole CSV file: BOM, header, one line per row, every cell through safe_cell."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return "\ufeff" + out.getvalue()


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
    return csv_text(
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


def commission_csv(pack: dict) -> str:
    """The committee's comparison table (free text made inert by ``csv_text``) (a pack of ``services.commission.dossier``), one
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
                r["projet"],
                _num(r["montant"]),
                r["avis"]["avis"] if r["avis"] else "",
                r["version"],
            ]
        )
    return csv_text(columns, rows)
