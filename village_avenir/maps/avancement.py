"""The « avancement des plans » colouring of the département map (engineers and admins: plans
are private): each commune with a plan, by where its validated projet stands over the three
years of follow-up (``domain.projet.avancement``). Registered at import
(``maps/colourings.py`` imports this module)."""

from __future__ import annotations

from sqlmodel import Session, select

from ..domain.projet import AVANCEMENTS, STATUTS_SUIVI, avancement
from ..domain.roles import DEPARTEMENT
from ..models import PlanAction, PlanSuivi, PlanVersion
from .layers import Category, LayerValue, register_colouring

__all__ = ["plan_progress_values"]

SOURCE = "Plans stratégiques Village A-Venir (suivi du Département)"


def plan_progress_values(session: Session) -> dict[str, LayerValue]:
    """``code_insee → LayerValue`` for every commune with a plan (three queries)."""
    versions = session.exec(select(PlanVersion).order_by(PlanVersion.numero)).all()
    latest, validated = {}, {}
    for v in versions:
        latest[v.code_insee] = v
        if v.validee_le is not None:
            validated[v.code_insee] = v
    ids = {v.id: code for code, v in validated.items()}
    actions: dict[str, dict[int, str]] = {}
    if ids:
        stmt = select(PlanAction).where(PlanAction.version_id.in_(list(ids)))
        for a in session.exec(stmt).all():
            actions.setdefault(ids[a.version_id], {})[a.cle] = a.statut
    current: dict[tuple[str, int], tuple] = {}
    for e in session.exec(select(PlanSuivi).where(PlanSuivi.etat == "validee")).all():
        key = (e.code_insee, e.cle)
        if key not in current or (e.date_statut, e.id) >= current[key][:2]:
            current[key] = (e.date_statut, e.id, e.statut)
    out = {}
    for code, v in latest.items():
        valid = validated.get(code)
        counts = dict.fromkeys(STATUTS_SUIVI, 0)
        for cle, statut in actions.get(code, {}).items():
            counts[current[(code, cle)][2] if (code, cle) in current else statut] += 1
        cat = avancement(valid is not None, counts)
        year = str((valid or v).cree_le.year)
        detail = ", ".join(f"{n} {STATUTS_SUIVI[s].lower()}" for s, n in counts.items() if n)
        label = AVANCEMENTS[cat] + (f" ({detail})" if valid is not None and detail else "")
        out[code] = LayerValue(cat, label, year, SOURCE)
    return out


register_colouring(
    "avancement_plans",
    "Avancement des plans",
    plan_progress_values,
    "categories",
    categories=[Category(code, label, label.lower()) for code, label in AVANCEMENTS.items()],
    description="Où en est le projet stratégique de chaque commune accompagnée : validé, "
    "actions engagées, réalisées ; sans couleur : pas de plan.",
    roles=DEPARTEMENT,
    depends_on=("plan",),
)
