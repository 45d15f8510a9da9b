"""The audit trail: every state change records who, when, and what changed.

``record`` adds the entry to the caller's session, so it is committed (or rolled back) with
the change it describes (``services.transaction``).

An entry says what changed, not the whole document (issue 25, L4: continuous saves of a
long application grew the journal by about 2 MB a minute per account):

- ``changes`` keeps, of the before and after values, only the fields that differ (a long
  value that did not change is dropped from both sides; a short one — a domain, a status —
  stays as context); nested objects are compared field by field;
- a long text that changed is kept as its changed span with a little context,
  « [… 1 234 caractères inchangés] » standing for the rest (``span``);
- sizes are capped (``cap``): a text value up to ``JOURNAL_TEXTE_MAX`` characters then
  « [tronqué : N caractères] », one side (before or after) never over ``JOURNAL_MAX``
  characters of JSON (shorter values first, then the list of fields), the reason too: one
  entry stays under ``JOURNAL_ENTREE_MAX`` characters. ``scripts/bench_journal.py`` gives
  the growth per hour of continuous saving. The object itself keeps the full value.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from ..domain.nombres import format_nombre
from ..models import Journal

__all__ = ["ImportReport", "cap", "changes", "diff", "record", "span", "upsert"]

JOURNAL_TEXTE_MAX = 1_000  # one text value
JOURNAL_MAX = 3_000  # one side (before or after), as JSON
JOURNAL_ENTREE_MAX = 2 * JOURNAL_MAX + JOURNAL_TEXTE_MAX + 100  # both sides and the reason
CONTEXTE = 40  # characters kept on each side of a changed span
SPAN_MIN = 200  # texts shorter than this are kept whole
PETIT = 200  # an unchanged value up to this (as JSON) stays as context (a name, a label)


def _shorten(value: Any, limit: int = JOURNAL_TEXTE_MAX) -> Any:
    if isinstance(value, str) and len(value) > limit:
        return value[:limit] + f" … [tronqué : {len(value)} caractères]"
    if isinstance(value, dict):
        return {k: _shorten(v, limit) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_shorten(v, limit) for v in value]
    return value


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def cap(values: dict[str, Any] | None, limit: int = JOURNAL_MAX) -> str | None:
    """The JSON of one side of a journal entry, at most ``limit`` characters (about): texts
    shortened, then shortened more, then over-long fields named instead of copied, at last
    only the list of the fields."""
    if values is None:
        return None
    for texte_max in (JOURNAL_TEXTE_MAX, 300, 80):
        text = _json(_shorten(values, texte_max))
        if len(text) <= limit:
            return text
    budget = max(60, limit // max(1, len(values)) - 20)
    short = {}
    for key, value in values.items():
        one = _json(_shorten(value, 80))
        short[key] = value if len(one) <= budget else f"[{len(one)} caractères, non repris]"
    text = _json(_shorten(short, 80))
    if len(text) <= limit:
        return text
    full = len(_json(values))
    champs = [str(k)[:60] for k in values][:40]
    while len(_json({"tronque": f"{full} caractères", "champs": champs})) > limit and champs:
        champs.pop()
    return _json({"tronque": f"{full} caractères", "champs": champs})


def span(before: str, after: str) -> tuple[str, str]:
    """The changed part of two long texts, with ``CONTEXTE`` characters around it; the
    common beginning and end are replaced by « [… N caractères inchangés] »."""
    if len(before) < SPAN_MIN and len(after) < SPAN_MIN:
        return before, after
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    limit = min(len(before), len(after)) - start
    while end < limit and before[-1 - end] == after[-1 - end]:
        end += 1
    head, tail = max(0, start - CONTEXTE), max(0, end - CONTEXTE)

    def cut(text: str) -> str:
        middle = text[head : len(text) - tail]
        lead = f"[… {format_nombre(head)} caractères inchangés] " if head else ""
        trail = f" [… {format_nombre(tail)} caractères inchangés]" if tail else ""
        return lead + middle + trail

    return cut(before), cut(after)


def changes(
    avant: dict[str, Any] | None, apres: dict[str, Any] | None
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """What changed between two sides of an entry: long unchanged values dropped, nested
    objects compared field by field, long texts reduced to their changed span. A side given
    alone (a creation, a deletion) is kept as it is."""
    if not isinstance(avant, dict) or not isinstance(apres, dict):
        return avant, apres
    before, after = {}, {}
    for key in dict.fromkeys([*avant, *apres]):
        if key not in avant or key not in apres:
            if key in avant:
                before[key] = avant[key]
            if key in apres:
                after[key] = apres[key]
            continue
        old, new = avant[key], apres[key]
        if old == new:
            if len(_json(old)) <= PETIT:
                before[key], after[key] = old, new
            continue
        if isinstance(old, str) and isinstance(new, str):
            old, new = span(old, new)
        elif isinstance(old, dict) and isinstance(new, dict):
            old, new = changes(old, new)
        before[key], after[key] = old, new
    return before, after


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
    """Add one audit entry to the session (committed with the change it describes): only
    what changed between ``avant`` and ``apres``, within the caps (see the module)."""
    avant, apres = changes(avant, apres)
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
