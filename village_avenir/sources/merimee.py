"""Mérimée (Ministère de la Culture, POP): buildings protected as monuments historiques.

Real layout of the national export ``merimee.csv`` (POP): UTF-8, ``|``-separated (the
data.culture.gouv.fr export of « Liste des immeubles protégés au titre des monuments
historiques » uses ``;``: both are accepted), one row per notice: ``Reference`` (PA…),
``Cog_insee_lors_de_la_protection`` (INSEE code at protection time, several separated by
``;`` or ``,`` for a monument on several communes), ``Typologie_de_la_protection``
(« classé MH », « inscrit MH », « classé MH partiellement »…). Column names are matched
without regard to case. Rows without a protection (cross-references) are skipped. The file is
exhaustive: a commune of a covered département absent from it has no monument.
"""

from __future__ import annotations

import re
from typing import IO

from . import ImportFormatError
from .indicateurs import IndicatorRow, ReadResult, code_or_reject
from .lecture import Progress, dict_reader, numbered_rows

__all__ = ["read_merimee"]

INSEE_COLUMNS = ("cog_insee_lors_de_la_protection", "cog_insee", "insee", "code_insee")
PROTECTION_COLUMNS = ("typologie_de_la_protection", "protection")


def read_merimee(fh: IO[str], annee: str, progress: Progress = None) -> ReadResult:
    reader = dict_reader(fh, delimiters="|;")
    fields = {f.lower(): f for f in reader.fieldnames or []}
    ref = fields.get("reference") or fields.get("ref")
    insee = next((fields[c] for c in INSEE_COLUMNS if c in fields), None)
    prot = next((fields[c] for c in PROTECTION_COLUMNS if c in fields), None)
    if not (ref and insee and prot):
        raise ImportFormatError(
            "colonnes Reference, Cog_insee_lors_de_la_protection et Typologie_de_la_protection "
            "attendues : ce n'est pas un export Mérimée.",
            1,
        )
    result = ReadResult(
        "merimee",
        f"Ministère de la Culture, base Mérimée (export {annee})",
        exhaustives=("mh_classes", "mh_inscrits"),
        annee=annee,
    )
    for line, row in numbered_rows(reader, result, progress):
        reference = (row.get(ref) or "").strip()
        if not reference:
            raise ImportFormatError("référence Mérimée vide.", line)
        typ = (row.get(prot) or "").lower()
        donnee = "mh_classes" if "classé" in typ else "mh_inscrits" if "inscrit" in typ else None
        if donnee is None:
            continue
        for raw in re.split(r"[;,]", row.get(insee) or ""):
            if raw.strip():
                code = code_or_reject(raw.strip(), line, result)
                if code is not None:
                    result.rows.append(IndicatorRow(code, donnee, 1.0, annee, line))
    return result
