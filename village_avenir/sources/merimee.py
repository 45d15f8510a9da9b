"""Mérimée (Ministère de la Culture, POP): buildings protected as monuments historiques.

Real layout of the national export ``merimee.csv`` (POP): UTF-8, ``|``-separated (the
data.culture.gouv.fr export of « Liste des immeubles protégés au titre des monuments
historiques » uses ``;``: both are accepted), one row per notice: ``Reference`` (PA…),
``Cog_insee_lors_de_la_protection`` (INSEE code at protection time, several separated by
``;`` or ``,`` for a monument on several communes), ``Typologie_de_la_protection``
(« classé MH », « inscrit MH », « classé MH partiellement »…). Column names are matched
without regard to case. Rows without a protection (cross-references) are skipped. The file is
exhaustive: a commune of a covered département absent from it has no monument.

:func:`read_merimee_elements` reads the same export as heritage items (one per protected
building, with ``Denomination_de_l_edifice``, ``Titre_editorial_de_la_notice``,
``Statut_juridique_de_l_edifice`` and ``coordonnees_au_format_WGS84`` « lat, lon » when
present); ``services/patrimoine/imports.py`` maps them (HERITAGE_REFERENCES.md §4).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import IO

from . import ImportInvalide
from .indicateurs import IndicatorRow, ReadResult, code_or_reject
from .lecture import Progress, dict_reader, numbered_rows

__all__ = ["MerimeeElement", "read_merimee", "read_merimee_elements"]

INSEE_COLUMNS = ("cog_insee_lors_de_la_protection", "cog_insee", "insee", "code_insee")
PROTECTION_COLUMNS = ("typologie_de_la_protection", "protection")


def read_merimee(fh: IO[str], annee: str, progress: Progress = None) -> ReadResult:
    reader = dict_reader(fh, delimiters="|;")
    fields = {f.lower(): f for f in reader.fieldnames or []}
    ref = fields.get("reference") or fields.get("ref")
    insee = next((fields[c] for c in INSEE_COLUMNS if c in fields), None)
    prot = next((fields[c] for c in PROTECTION_COLUMNS if c in fields), None)
    if not (ref and insee and prot):
        raise ImportInvalide(
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
            raise ImportInvalide("référence Mérimée vide.", line)
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


# --- Mérimée rows as heritage items (issue 22; HERITAGE_REFERENCES.md §4) ------------------

DENOMINATION_COLUMNS = ("denomination_de_l_edifice", "denomination", "deno")
TITRE_COLUMNS = ("titre_editorial_de_la_notice", "titre_courant", "tico", "appellation")
STATUT_COLUMNS = ("statut_juridique_de_l_edifice", "statut_juridique", "stat")
COORD_COLUMNS = ("coordonnees_au_format_wgs84", "coordonnees_wgs84")


@dataclass(frozen=True)
class MerimeeElement:
    """One protected building as an inventory item: its Mérimée reference, the INSEE codes at
    protection time (possibly former communes, mapped to the current one by the import), its
    Mérimée words (denomination, title, protection, owner) and its point if given."""

    line: int
    reference: str
    codes: tuple[str, ...]
    denomination: str
    titre: str
    protection: str
    statut: str
    longitude: float | None
    latitude: float | None


def _coords(raw: str) -> tuple[float | None, float | None]:
    """« lat, lon » (the export's order) → (lon, lat); None when absent or unreadable."""
    parts = [p.strip() for p in (raw or "").split(",")]
    if len(parts) != 2:
        return None, None
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        return None, None
    return (lon, lat) if -90 <= lat <= 90 and -180 <= lon <= 180 else (None, None)


def read_merimee_elements(fh: IO[str], progress: Progress = None) -> list[MerimeeElement]:
    """The protected rows of a Mérimée export (rows without a protection are skipped)."""
    reader = dict_reader(fh, delimiters="|;")
    fields = {f.lower(): f for f in reader.fieldnames or []}

    def col(names):
        return next((fields[c] for c in names if c in fields), None)

    ref, insee, prot = (
        fields.get("reference") or fields.get("ref"),
        col(INSEE_COLUMNS),
        col(PROTECTION_COLUMNS),
    )
    deno = col(DENOMINATION_COLUMNS)
    if not (ref and insee and prot and deno):
        raise ImportInvalide(
            "colonnes Reference, Denomination_de_l_edifice, Cog_insee_lors_de_la_protection et "
            "Typologie_de_la_protection attendues : ce n'est pas un export Mérimée.",
            1,
        )
    titre, statut, coord = col(TITRE_COLUMNS), col(STATUT_COLUMNS), col(COORD_COLUMNS)
    out = []
    for line, row in numbered_rows(reader, None, progress):
        reference = (row.get(ref) or "").strip()
        if not reference:
            raise ImportInvalide("référence Mérimée vide.", line)
        protection = (row.get(prot) or "").strip()
        if not protection:
            continue
        codes = tuple(c.strip() for c in re.split(r"[;,]", row.get(insee) or "") if c.strip())
        lon, lat = _coords(row.get(coord) or "") if coord else (None, None)
        out.append(
            MerimeeElement(
                line,
                reference[:20],
                codes,
                (row.get(deno) or "").strip(),
                (row.get(titre) or "").strip() if titre else "",
                protection,
                (row.get(statut) or "").strip() if statut else "",
                lon,
                lat,
            )
        )
    return out
