"""Programme memberships: the project's own CSV and the national ANCT programme table.

- ``data/communes/programmes.csv`` (ours): one row per (commune, programme, source) with its
  source, date and evidence level; optional columns ``liste`` (the dated list it was read
  from, named in eligibilite.toml), ``debut`` and ``fin`` (membership start and end, ISO
  dates, when known).
- The ANCT table of territorial programmes by commune (``insee_com, lib_com, id_pvd, id_ti,
  id_crte, id_acv, …``; a non-empty id means the commune is a member). Codes may have lost
  their leading zero in some exports: they are padded back.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from typing import IO

from ..domain.communes import departement_of
from ..domain.dates import ADHESION_ANNEE_MAX, ADHESION_ANNEE_MIN, SaisieInvalide, parse_date_iso
from ..domain.eligibilite import Membership
from . import ImportInvalide
from .lecture import code_at, csv_reader, numbered_rows

__all__ = ["ANCT_COLUMNS", "MembershipRow", "read_anct_table", "read_programmes_csv"]

PROGRAMMES_COLUMNS = (
    "code_insee",
    "programme",
    "niveau_preuve",
    "source",
    "source_url",
    "date_source",
    "preuve",
)
# ANCT id column -> our programme code. Only the schemes the rules may exclude are read;
# ``id_acv2`` is an undocumented subset and is deliberately ignored.
ANCT_COLUMNS = {"id_acv": "acv", "id_pvd": "pvd"}
ANCT_LABELS = {"id_acv": "Action cœur de ville", "id_pvd": "Petites villes de demain"}


@dataclass(frozen=True)
class MembershipRow:
    """A membership read from a file, with the line it came from."""

    code_insee: str
    membership: Membership
    line: int
    nom: str | None = None


def _date(raw: str | None, column: str, line: int) -> date | None:
    """An ISO date (AAAA-MM-JJ) in the memberships' period, or None when empty."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        return parse_date_iso(text, ADHESION_ANNEE_MIN, ADHESION_ANNEE_MAX)
    except SaisieInvalide as exc:
        raise ImportInvalide(f"{column} « {text} » : {exc}", line) from None


def read_programmes_csv(fh: IO[str], known_levels: set[str] | None = None) -> list[MembershipRow]:
    """Read our programme file; refuses unknown evidence levels when ``known_levels`` is given."""
    rows = []
    for line, row in numbered_rows(csv_reader(fh, PROGRAMMES_COLUMNS)):
        code = code_at(row["code_insee"], line)
        programme = (row["programme"] or "").strip()
        niveau = (row["niveau_preuve"] or "").strip()
        source = (row["source"] or "").strip()
        if not programme:
            raise ImportInvalide("programme vide.", line)
        if not niveau:
            raise ImportInvalide("niveau de preuve vide.", line)
        if known_levels is not None and niveau not in known_levels:
            raise ImportInvalide(f"niveau de preuve inconnu « {niveau} ».", line)
        if not source:
            raise ImportInvalide("source vide : chaque adhésion doit citer sa source.", line)
        membership = Membership(
            programme=programme,
            niveau_preuve=niveau,
            source=source,
            source_url=(row["source_url"] or "").strip() or None,
            date_source=(row["date_source"] or "").strip() or None,
            preuve=(row["preuve"] or "").strip() or None,
            liste=(row.get("liste") or "").strip() or None,
            debut=_date(row.get("debut"), "début", line),
            fin=_date(row.get("fin"), "fin", line),
        )
        if membership.debut and membership.fin and membership.fin < membership.debut:
            raise ImportInvalide("la fin de l'adhésion précède son début.", line)
        rows.append(MembershipRow(code, membership, line, (row.get("nom") or "").strip() or None))
    return rows


def read_anct_table(
    fh: IO[str],
    *,
    source: str,
    date_source: str | None,
    departement: str | None = None,
    liste: str | None = None,
) -> list[MembershipRow]:
    """Read the ANCT programme table; keep the rows of ``departement`` (all if None)."""
    reader = csv.DictReader(fh)
    header = set(reader.fieldnames or [])
    if "insee_com" not in header:
        raise ImportInvalide("colonne « insee_com » absente : ce n'est pas la table ANCT.", 1)
    columns = {col: prog for col, prog in ANCT_COLUMNS.items() if col in header}
    if not columns:
        raise ImportInvalide("aucune colonne de programme (id_acv, id_pvd) dans l'en-tête.", 1)
    rows = []
    for line, row in numbered_rows(reader):
        code = code_at(row["insee_com"], line)
        if departement is not None and departement_of(code) != departement:
            continue
        for col, programme in columns.items():
            ident = (row.get(col) or "").strip()
            if ident:
                membership = Membership(
                    programme=programme,
                    niveau_preuve="officiel",
                    source=source,
                    date_source=date_source,
                    preuve=f"Identifiant ANCT {ident} (table nationale des programmes, {ANCT_LABELS[col]}).",
                    liste=f"{programme}-{liste}" if liste else None,
                )
                rows.append(MembershipRow(code, membership, line, (row.get("lib_com") or None)))
    return rows
