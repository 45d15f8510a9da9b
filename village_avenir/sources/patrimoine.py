"""The heritage inventory spreadsheet (issue 22), in the project's documented layout.

Layout (UTF-8, ``;``-separated, one item per line, header required)::

    code_insee;nom;type;protection;etat;longitude;latitude;date_visite;source

then, optionally and in any order, ``proprietaire;usage;type_autre;notes;cout_min;cout_max``
(the export adds them so that export → import gives the same items). Values of the closed
lists are codes or French labels (README, « Patrimoine »); ``longitude``/``latitude`` WGS84
decimal degrees (comma or point), both or neither; ``date_visite`` ``AAAA-MM-JJ`` or
``JJ/MM/AAAA``, the day the state was seen; ``source`` free text saying where the line comes
from (« PNR Causses du Quercy, inventaire 2019 »).

The reader only splits lines (``InventaireLigne``: line number, raw INSEE code, raw fields);
checking the values is ``domain.patrimoine_saisie``'s job, so that every bad line is reported
with its number. A cell longer than :data:`CELLULE_MAX` characters is refused at its line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from . import ImportInvalide
from .lecture import Progress, dict_reader, numbered_rows

__all__ = [
    "CELLULE_MAX",
    "COLONNES",
    "COLONNES_OPTIONNELLES",
    "InventaireLigne",
    "LIGNES_MAX",
    "read_inventaire",
]

COLONNES = ("code_insee", "nom", "type", "protection", "etat", "longitude", "latitude",
            "date_visite", "source")  # fmt: skip
COLONNES_OPTIONNELLES = ("proprietaire", "usage", "type_autre", "notes", "cout_min", "cout_max")
CELLULE_MAX = 5_000
LIGNES_MAX = 20_000


@dataclass(frozen=True)
class InventaireLigne:
    line: int
    code_insee: str
    champs: dict[str, str]  # raw values, keys of ``domain.patrimoine_saisie.CHAMPS``


def read_inventaire(fh: IO[str], progress: Progress = None) -> list[InventaireLigne]:
    """The lines of an inventory file; :class:`ImportInvalide` on a wrong header, an
    unreadable line, a cell too long or a file over :data:`LIGNES_MAX` lines."""
    reader = dict_reader(fh, delimiters=";")
    header = [f.lower() for f in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [c for c in COLONNES if c not in header]
    if missing:
        raise ImportInvalide(
            f"colonnes absentes : {', '.join(missing)} — l'en-tête attendu est "
            f"« {';'.join(COLONNES)} » (séparateur point-virgule).",
            1,
        )
    out = []
    for line, row in numbered_rows(reader, None, progress):
        if None in row:
            raise ImportInvalide("plus de valeurs que de colonnes dans l'en-tête.", line)
        if not any((v or "").strip() for v in row.values()):
            continue  # blank line
        for col, value in row.items():
            if value is not None and len(value) > CELLULE_MAX:
                raise ImportInvalide(
                    f"colonne {col} : {len(value)} caractères, {CELLULE_MAX} au plus.", line
                )
        if len(out) >= LIGNES_MAX:
            raise ImportInvalide(f"plus de {LIGNES_MAX} éléments : découpez le fichier.", line)
        cell = {k: (v or "").strip() for k, v in row.items()}
        champs = {
            "nom": cell["nom"],
            "type": cell["type"],
            "protection": cell["protection"] or "non_protege",
            "etat": cell["etat"] or "non_evalue",
            "longitude": cell["longitude"],
            "latitude": cell["latitude"],
            "date_etat": cell["date_visite"],
            "source_detail": cell["source"],
        }
        for col in COLONNES_OPTIONNELLES:
            if cell.get(col):
                champs[col] = cell[col]
        out.append(InventaireLigne(line, cell["code_insee"], champs))
    return out
