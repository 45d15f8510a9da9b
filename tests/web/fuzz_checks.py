"""Database checks of the hostile-input tests, after each request: what changed (business
tables digested, journal counted), and half-records or values PostgreSQL would refuse.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from sqlalchemy import String, text
from sqlmodel import SQLModel

from village_avenir.domain.candidature import oversized
from village_avenir.services.audit import JOURNAL_MAX

# Reference data (loaded by commands, never by a form) and the login throttle (a failed
# login is recorded there on purpose, with a 4xx answer).
UNTRACKED = {"commune", "epci", "communedeleguee", "tentativeconnexion", "journal"}


def snapshot(engine) -> dict[str, str]:
    """A digest of every business table's rows, and the journal's size."""
    out = {}
    with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            if table.name in UNTRACKED:
                continue
            rows = conn.execute(table.select().order_by(*table.primary_key.columns)).all()
            out[table.name] = hashlib.sha256(repr(rows).encode()).hexdigest()
        out["journal"] = conn.execute(text("SELECT count(*) FROM journal")).scalar_one()
    return out


def changed_tables(before: dict, after: dict) -> set[str]:
    return {k for k in before if k != "journal" and before[k] != after[k]}


def _refused_by_postgresql_query() -> str:
    """Text longer than its column, or holding NUL: SQLite stores both, PostgreSQL raises."""
    parts = []
    for table in SQLModel.metadata.sorted_tables:
        for col in table.columns:
            # Text is a String too; SQLModel's AutoString wraps one.
            if isinstance(getattr(col.type, "impl_instance", col.type), String):
                limit = f'length("{col.name}") > {col.type.length} OR ' if col.type.length else ""
                parts.append(
                    f"SELECT '{table.name}.{col.name}' FROM \"{table.name}\" "
                    f'WHERE {limit}instr("{col.name}", char(0)) > 0'
                )
    return " UNION ALL ".join(parts)


def _rows(conn, sql: str) -> list:
    """The rows of raw SQL (SQLite gives no description at all when nothing matches)."""
    result = conn.exec_driver_sql(sql)
    return result.all() if result.returns_rows else []


def integrity_problems(engine, pieces_dir: str) -> list[str]:
    """Half-records and values PostgreSQL would refuse (SQLite does not check lengths)."""
    problems = []
    with engine.connect() as conn:
        problems += [f"clé étrangère cassée : {r}" for r in _rows(conn, "PRAGMA foreign_key_check")]
        problems += [
            f"valeur trop longue ou avec un caractère nul : {r[0]}"
            for r in _rows(conn, _refused_by_postgresql_query())
        ]
        for row in conn.execute(
            text(
                "SELECT id, etat, contenu, deliberation_fichier, deliberation_nom, "
                "deliberation_taille, deliberation_sha256, deposee_le, eligibilite_au_depot "
                "FROM candidature"
            )
        ).all():
            cid, etat, contenu, fichier, nom, taille, sha, deposee, elig = row
            if not isinstance(json.loads(contenu), dict):
                problems.append(f"candidature {cid} : contenu illisible")
            elif oversized(json.loads(contenu)):
                problems.append(f"candidature {cid} : brouillon au-delà des limites")
            if len({fichier is None, nom is None, taille is None, sha is None}) != 1:
                problems.append(f"candidature {cid} : pièce à moitié enregistrée")
            if fichier is not None and not re.fullmatch(r"[0-9a-f]{32}\.pdf", fichier):
                problems.append(
                    f"candidature {cid} : nom de fichier stocké non aléatoire {fichier!r}"
                )
            if nom is not None and (
                not nom.endswith(".pdf") or any(c in nom for c in "/\\") or not nom.isprintable()
            ):
                problems.append(f"candidature {cid} : nom de pièce dangereux {nom!r}")
            if fichier is not None:
                stored = Path(pieces_dir) / fichier
                if not stored.is_file() or hashlib.sha256(stored.read_bytes()).hexdigest() != sha:
                    problems.append(f"candidature {cid} : fichier {fichier} absent ou différent")
            if etat != "brouillon" and (deposee is None or elig is None):
                problems.append(f"candidature {cid} « {etat} » sans date de dépôt")
        for code, numero in conn.execute(text("SELECT code_insee, numero FROM plan_version")).all():
            found = conn.execute(
                text("SELECT count(*) FROM journal WHERE objet = 'plan' AND objet_id = :o"),
                {"o": f"{code} v{numero}"},
            ).scalar_one()
            if not found:
                problems.append(f"plan {code} v{numero} sans entrée au journal")
        for code, n, top in conn.execute(
            text("SELECT code_insee, count(*), max(numero) FROM plan_version GROUP BY code_insee")
        ).all():
            if n != top:
                problems.append(f"plan {code} : versions non consécutives")
        problems += [
            f"plan : action {r} en double dans une version"
            for r in conn.execute(
                text(
                    "SELECT version_id, cle FROM plan_action GROUP BY version_id, cle HAVING count(*) > 1"
                )
            ).all()
        ]
        problems += [
            f"journal {r[0]} : avant/après au-delà du plafond"
            for r in conn.execute(
                text("SELECT id FROM journal WHERE length(avant) > :m OR length(apres) > :m"),
                {"m": JOURNAL_MAX + 200},
            ).all()
        ]
        referenced = {
            r[0]
            for r in conn.execute(
                text(
                    "SELECT deliberation_fichier FROM candidature UNION "
                    "SELECT deliberation_fichier FROM plan_version"
                )
            ).all()
        }
        problems += [
            f"pièce orpheline {p.name}"
            for p in Path(pieces_dir).glob("*.pdf")
            if p.name not in referenced
        ]
        problems += [
            f"compte commune sans commune : {r[0]}"
            for r in conn.execute(
                text(
                    "SELECT email FROM utilisateur WHERE role = 'commune' AND commune_code IS NULL"
                )
            ).all()
        ]
    return problems
