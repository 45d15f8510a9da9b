"""The audit trail: every state change records who, when, and the values before and after.

``record`` adds the entry to the caller's session, so it is committed (or rolled back) with
the change it describes (``services.transaction``).

Sizes are capped (``cap``): a text value is kept up to ``JOURNAL_TEXTE_MAX`` characters then
marked « [tronqué : N caractères] », and one side (before or after) never exceeds
``JOURNAL_MAX`` characters of JSON. The journal says what changed; the object itself keeps
the full value.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from ..models import Journal

__all__ = ["ImportReport", "cap", "diff", "record", "upsert"]

JOURNAL_TEXTE_MAX = 2_000
JOURNAL_MAX = 20_000


def _shorten(value: Any) -> Any:
    if isinstance(value, str) and len(value) > JOURNAL_TEXTE_MAX:
        return value[:JOURNAL_TEXTE_MAX] + f" … [tronqué : {len(value)} caractères]"
    if isinstance(value, dict):
        return {k: _shorten(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_shorten(v) for v in value]
    return value


def cap(values: dict[str, Any] | None) -> str | None:
    """The JSON of one side of a journal entry, within the size caps."""
    if values is None:
        return None
    text = json.dumps(_shorten(values), ensure_ascii=False, default=str)
    if len(text) <= JOURNAL_MAX:
        return text
    extrait = text[: JOURNAL_MAX // 2]
    return json.dumps(
        {"tronque": f"{len(text)} caractères", "extrait": extrait}, ensure_ascii=False
    )


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
        avant=cap(avant),
        apres=cap(apres),
        motif=_shorten(motif),
    )
    session.add(entry)
    return entry


def record_candidature(
    session: Session,
    cand: Any,
    what: str,
    *,
    qui: str,
    avant: dict[str, Any] | None = None,
    apres: dict[str, Any] | None = None,
    motif: str | None = None,
    prive: bool = False,
) -> Journal:
    """The journal entry of a change to an application (action ``candidature:<what>``): on
    the commune's history, unless ``prive`` (an internal note, the engineer's opinion)."""
    return record(
        session,
        qui=qui,
        action=f"candidature:{what}",
        objet="candidature",
        objet_id=str(cand.id),
        code_insee=None if prive else cand.code_insee,
        avant=avant,
        apres=apres,
        motif=motif,
    )


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
