"""Scoring snapshots and the latest scores (contract used by maps and other areas)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from ... import repository as repo
from ...domain.communes import CodeInseeInvalide, resolve_code
from ...domain.dates import SaisieInvalide
from ...domain.refus import Introuvable
from ...domain.scoring import combine
from ...models import InstantaneDiagnostic
from ..audit import record
from ..transaction import transaction
from .calcul import active_overrides, latest_snapshot, snapshot_content

__all__ = [
    "CommuneScores",
    "SaisieInvalide",
    "commune_scores",
    "latest_scores",
    "millesime_text",
    "take_snapshot",
    "view_content",
]


@dataclass(frozen=True)
class CommuneScores:
    """What the maps and other areas need of a commune's diagnostic."""

    code_insee: str
    domaines: dict[str, float | None]  # retained score (override applied), 0–100
    calcules: dict[str, float | None]  # computed score, 0–100
    ajustes: frozenset[str]  # domains whose score was overridden
    score_global: float | None  # None: « données insuffisantes » (coverage under threshold)
    couverture: float  # 0–1 (over the domains evaluated in the département)
    couverture_faible: bool  # under the threshold: no global score, no rank
    instantane_id: int | None  # None: provisional computation, no snapshot yet
    date: datetime  # when the scores were computed (NOT the data vintage)
    annees: dict[str, str | None]  # indicator id → data year(s)
    millesimes: tuple[str, ...] = ()  # years of the data that entered the scores
    couvertures: dict[str, float] | None = None  # domain → coverage 0–1
    # global score with each weight moved by ±50 %, one at a time (domain/robustesse.py)
    variantes: tuple[float | None, ...] = ()

    @property
    def millesime(self) -> str:
        """« données 2016, 2022, 2024 » (the data vintage, for every place a score appears)."""
        return millesime_text(self.millesimes)


def millesime_text(years) -> str:
    years = list(years)
    if not years:
        return "millésime non précisé"
    if len(years) == 1:
        return f"données {years[0]}"
    return "données " + ", ".join(years[:-1]) + f" et {years[-1]}"


def current_code(session: Session, raw: str) -> str:
    try:
        res = resolve_code(raw, repo.current_codes(session), repo.deleguees(session))
    except CodeInseeInvalide as exc:
        raise SaisieInvalide(str(exc)) from exc
    if res is None:
        raise SaisieInvalide(f"Aucune commune ne porte le code INSEE « {raw} ».")
    return res.code_insee


def take_snapshot(
    session: Session, *, qui: str, motif: str, commit: bool = True
) -> InstantaneDiagnostic:
    """Score every commune now and freeze the result as a dated snapshot (journaled).

    With ``commit=False`` the snapshot joins the caller's transaction (the caller commits)."""
    content = snapshot_content(session)
    label = content["ponderation"]["libelle"]
    snap = InstantaneDiagnostic(
        cree_par=qui,
        motif=motif,
        ponderation=label[:60],
        catalogue=content["catalogue"],
        contenu=json.dumps(content, ensure_ascii=False),
    )
    with transaction(session, commit=commit):
        session.add(snap)
        session.flush()
        record(
            session,
            qui=qui,
            action="diagnostic:instantane",
            objet="instantane",
            objet_id=str(snap.id),
            apres={"ponderation": label, "catalogue": content["catalogue"]},
            motif=motif,
        )
    return snap


def view_content(
    session: Session, snapshot_id: int | None = None
) -> tuple[InstantaneDiagnostic | None, dict]:
    """A snapshot's content (the latest by default, current overrides applied), or a
    provisional computation when there is none yet. An explicit old snapshot is shown as it
    was, with the overrides it froze."""
    if snapshot_id is not None:
        snap = session.get(InstantaneDiagnostic, snapshot_id)
        if snap is None:
            raise Introuvable(f"Instantané n° {snapshot_id} introuvable.")
        return snap, json.loads(snap.contenu)
    snap = latest_snapshot(session)
    content = json.loads(snap.contenu) if snap else None
    if content is None or "regles" not in content:
        # none yet, or frozen before the rules of 2026-11-30 (percentile of a single value,
        # no coverage threshold): its scores are not shown as current; a provisional
        # computation is, until the next snapshot
        snap, content = None, snapshot_content(session)
    content["ajustements"] = active_overrides(session)
    return snap, content


def _scores_of(snap, content: dict, code: str, c: dict) -> CommuneScores:
    date = snap.cree_le if snap else datetime.fromisoformat(content["date"])
    weights = content["ponderation"]["domaines"]
    seuil = content.get("regles", {}).get("seuil_couverture", 0.5)
    evalues = content.get("domaines_evalues", list(c["domaines"]))
    calc = {d: v[0] for d, v in c["domaines"].items()}
    adj = content["ajustements"].get(code, {})
    kept = {d: (adj[d]["valeur"] if d in adj else s) for d, s in calc.items()}
    faible = c["couverture"] < seuil
    glob = c["global"]
    if adj and not faible:
        glob = combine({d: kept[d] for d in evalues}, weights)
    return CommuneScores(
        code,
        kept,
        calc,
        frozenset(adj),
        glob,
        c["couverture"],
        faible,
        snap.id if snap else None,
        date,
        {row[0]: row[7] for row in c["detail"]},
        tuple(c.get("millesimes", ())),
        {d: v[1] for d, v in c["domaines"].items()},
        tuple(c.get("variantes", ())),
    )


def latest_scores(session: Session) -> dict[str, CommuneScores]:
    """``code_insee → CommuneScores`` of the latest snapshot, overrides applied (one query)."""
    snap, content = view_content(session)
    return {code: _scores_of(snap, content, code, c) for code, c in content["communes"].items()}


def commune_scores(
    session: Session, code_insee: str, snapshot_id: int | None = None
) -> CommuneScores | None:
    """One commune's need scores with their coverage and data vintage, from one snapshot
    (the latest by default; an explicit one as it was frozen). None: commune not in it.

    Contract for other areas (e.g. the committee): ``score_global`` None means « données
    insuffisantes »; ``couvertures`` per domain; ``millesime`` is the data vintage text."""
    snap, content = view_content(session, snapshot_id)
    c = content["communes"].get(code_insee)
    return None if c is None else _scores_of(snap, content, code_insee, c)
