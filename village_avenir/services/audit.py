"""The audit trail: every state change records who, when, and the values before and after.

``record`` adds the entry to the caller's session, so it is committed (or rolled back) with
the change it describes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from ..models import Journal

__all__ = ["ImportReport", "commit", "diff", "record", "upsert"]


def commit(session: Session) -> None:
    """End a use case's transaction: commit, or roll everything back and re-raise."""
    try:
        session.commit()
    except Exception:
        session.rollback()
        raise


@dataclass
class ImportReport:
    """What an import did, for the command line and the tests."""

    lues: int = 0
    creees: int = 0
    modifiees: int = 0
    inchangees: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.lues} enregistrements lus : {self.creees} créées, {self.modifiees} modifiées, "
            f"{self.inchangees} inchangées."
        )


def record(
    session: Session,
    *,
    qui: str,
    action: str,
    objet: str,
    objet_id: str,
    code_insee: str | None = None,
    avant: dict[str, Any] | None = None,
    apres: dict[str, Any] | None = None,
    motif: str | None = None,
) -> Journal:
    """Add one audit entry to the session (committed with the change it describes)."""
    entry = Journal(
        qui=qui,
        action=action,
        objet=objet,
        objet_id=objet_id,
        code_insee=code_insee,
        avant=json.dumps(avant, ensure_ascii=False, default=str) if avant is not None else None,
        apres=json.dumps(apres, ensure_ascii=False, default=str) if apres is not None else None,
        motif=motif,
    )
    session.add(entry)
    return entry


def diff(obj: Any, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields of ``values`` that differ on ``obj``: (before, after)."""
    before = {k: getattr(obj, k) for k, v in values.items() if getattr(obj, k) != v}
    after = {k: values[k] for k in before}
    return before, after


def _loggable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if not isinstance(v, bytes)}


def upsert(session, model, key, values, *, qui, objet, report, code_insee=None, action="import"):
    """Insert or update one row, journaling the change (binary fields are not journaled)."""
    row = session.get(model, key)
    if row is None:
        session.add(model(**values))
        record(
            session,
            qui=qui,
            action=f"{action}:creation",
            objet=objet,
            objet_id=str(key),
            code_insee=code_insee,
            apres=_loggable(values),
        )
        report.creees += 1
        return
    before, after = diff(row, values)
    if not before:
        report.inchangees += 1
        return
    for k, v in after.items():
        setattr(row, k, v)
    record(
        session,
        qui=qui,
        action=f"{action}:modification",
        objet=objet,
        objet_id=str(key),
        code_insee=code_insee,
        avant=_loggable(before),
        apres=_loggable(after),
    )
    report.modifiees += 1
