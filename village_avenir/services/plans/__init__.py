"""Strategic plans: propose, add, remove, move, edit and place actions.

Every writer makes a new dated version of the commune's plan (see ``models/plans.py``),
journals the change with its before/after values and commits, all in one transaction; on
any error it rolls back and nothing is written. ``version_attendue`` (the version the user
was looking at) turns a concurrent edit into :class:`PlanConflit` instead of a lost update.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict

import shapely
from shapely.geometry.base import BaseGeometry
from sqlmodel import Session

from ...domain.nombres import format_euros
from ...domain.patrimoine import ElementPatrimoine
from ...domain.placement import PlacementInvalide, check_inside
from ...domain.planning import HORIZONS, STATUTS, CatalogueActions, Need
from ...models import PlanAction, PlanVersion
from ..transaction import transaction
from .apercu import propose_for
from .store import (
    MODIFIE_EN_MEME_TEMPS,
    ActionIntrouvable,
    PlanConflit,
    PlanIntrouvable,
    PlanInvalide,
    actions_of,
    current_version,
    get_version,
    journal,
    list_versions,
    new_version,
    next_key,
    summary,
)

__all__ = [
    "ActionIntrouvable",
    "PlacementInvalide",
    "PlanConflit",
    "PlanIntrouvable",
    "PlanInvalide",
    "actions_of",
    "add_action",
    "current_version",
    "get_version",
    "list_versions",
    "move_action",
    "place_action",
    "propose",
    "remove_action",
    "update_action",
]

BUDGET_MAX = 100_000_000


def _need_dict(need: Need) -> dict:
    """A need as stored with the version (its figures only when it has some)."""
    data = asdict(need)
    if not data["preuves"]:
        del data["preuves"]
    return data


def propose(
    session: Session,
    code: str,
    needs: Iterable[Need],
    catalogue: CatalogueActions,
    *,
    qui: str,
    remplacer: bool = False,
    version_attendue: int | None = None,
    patrimoine: Iterable[ElementPatrimoine] | None = None,
) -> PlanVersion:
    """A new version holding the plan proposed from ``needs`` (replaces the current actions
    only when ``remplacer`` is true). Costs follow the commune's figures (``besoins``);
    ``patrimoine``: named heritage inventory items, when known."""
    plan, _ = propose_for(session, code, needs, catalogue=catalogue, patrimoine=patrimoine)
    needs = plan.needs

    with transaction(session, doublon=PlanConflit(MODIFIE_EN_MEME_TEMPS)):
        cur = current_version(session, code)
        if cur is not None and actions_of(session, cur) and not remplacer:
            raise PlanInvalide(
                "Cette commune a déjà un plan : cochez « Remplacer le plan actuel » pour le "
                "remplacer par la proposition (les versions précédentes restent consultables)."
            )
        _, new, _ = new_version(
            session, code, qui, "Proposition depuis les besoins", version_attendue, copy=False
        )
        new.catalogue_version = catalogue.version
        new.besoins = json.dumps([_need_dict(n) for n in needs], ensure_ascii=False)
        key = next_key(session, code)
        for i, p in enumerate(plan.actions):
            data = {k: v for k, v in asdict(p).items() if k in PlanAction.model_fields}
            data["financeurs"] = json.dumps(list(p.financeurs))
            session.add(PlanAction(version_id=new.id, cle=key + i, **data))
        journal(
            session,
            qui,
            "proposition",
            code,
            new,
            avant={"version": new.numero - 1} if cur else None,
            apres={
                "version": new.numero,
                "catalogue": catalogue.version,
                "besoins": [_need_dict(n) for n in needs],
                "actions": [p.action_id for p in plan.actions],
            },
        )
        return new


def add_action(
    session: Session,
    code: str,
    action_id: str,
    catalogue: CatalogueActions,
    *,
    qui: str,
    horizon: str | None = None,
    version_attendue: int | None = None,
) -> PlanVersion:
    """Add a catalogue action (at its usual horizon unless ``horizon`` is given)."""
    action = catalogue.action(action_id)
    if action is None:
        raise PlanInvalide(f"Action « {action_id} » absente du catalogue {catalogue.version}.")
    horizon = horizon or action.horizon
    if horizon not in HORIZONS:
        raise PlanInvalide(f"Horizon inconnu « {horizon} ».")

    with transaction(session, doublon=PlanConflit(MODIFIE_EN_MEME_TEMPS)):
        _, new, copies = new_version(
            session, code, qui, f"Ajout : {action.libelle}", version_attendue
        )
        if any(a.action_id == action_id for a in copies.values()):
            raise PlanInvalide(f"L'action « {action.libelle} » est déjà dans le plan.")
        if not new.catalogue_version:
            new.catalogue_version = catalogue.version
        row = PlanAction(
            version_id=new.id,
            cle=next_key(session, code),
            action_id=action.id,
            libelle=action.libelle,
            domaine=action.domaine,
            besoin=action.besoin,
            besoin_libelle=catalogue.besoins[action.besoin].libelle,
            intensite=None,
            source_besoin="Ajout par le Département",  # who: in the journal, not here
            regle="Ajoutée par un ingénieur.",
            horizon=horizon,
            cout_min=action.cout_min,
            cout_max=action.cout_max,
            financeurs=json.dumps(list(action.financeurs)),
        )
        session.add(row)
        session.flush()
        journal(session, qui, "ajout", code, new, apres=summary(row))
        return new


def _edit(session, code, cle, qui, changement, version_attendue, apply, what, motif=None):
    with transaction(session, doublon=PlanConflit(MODIFIE_EN_MEME_TEMPS)):
        commune, new, copies = new_version(session, code, qui, changement, version_attendue)
        row = copies.get(cle)
        if row is None:
            raise ActionIntrouvable(f"Action {cle} absente du plan actuel de la commune {code}.")
        avant, apres = apply(commune, row, copies)
        if avant == apres:
            raise PlanInvalide("Rien n'a changé : aucune nouvelle version n'est enregistrée.")
        base = {"cle": cle, "libelle": row.libelle}
        journal(session, qui, what, code, new, {**base, **avant}, {**base, **apres}, motif)
        return new


def remove_action(session, code, cle, *, qui, motif=None, version_attendue=None):
    def apply(_commune, row, _copies):
        session.expunge(row)  # pending copy: simply not written
        return summary(row), {"supprimee": True}

    return _edit(session, code, cle, qui, "Suppression d'une action", version_attendue, apply,
                 "suppression", motif)  # fmt: skip


def move_action(session, code, cle, horizon, *, qui, version_attendue=None):
    if horizon not in HORIZONS:
        raise PlanInvalide(f"Horizon inconnu « {horizon} ».")

    def apply(_commune, row, _copies):
        before = {"horizon": row.horizon}
        row.horizon = horizon
        return before, {"horizon": horizon}

    return _edit(
        session,
        code,
        cle,
        qui,
        f"Déplacement vers {HORIZONS[horizon].lower()}",
        version_attendue,
        apply,
        "deplacement",
    )


def update_action(
    session, code, cle, *, budget, porteur, statut, qui, motif=None, version_attendue=None
):
    """Set budget (whole euros or None), lead (porteur) and status of one action."""
    if budget is not None and not 0 <= budget <= BUDGET_MAX:
        raise PlanInvalide(f"Budget hors limites (de 0 à {format_euros(BUDGET_MAX)}).")
    porteur = (porteur or "").strip() or None
    if porteur and len(porteur) > 200:
        raise PlanInvalide("Le porteur tient en 200 caractères au plus.")
    if statut not in STATUTS:
        raise PlanInvalide(f"Statut inconnu « {statut} » ({', '.join(STATUTS)}).")

    def apply(_commune, row, _copies):
        values = {"budget": budget, "porteur": porteur, "statut": statut}
        before = {k: getattr(row, k) for k, v in values.items() if getattr(row, k) != v}
        for k in before:
            setattr(row, k, values[k])
        return before, {k: values[k] for k in before}

    return _edit(session, code, cle, qui, "Modification d'une action", version_attendue, apply,
                 "modification", motif)  # fmt: skip


def place_action(session, code, cle, geom: BaseGeometry | None, *, qui, version_attendue=None):
    """Place an action as a point or area inside its commune, or remove it from the map."""

    def apply(commune, row, _copies):
        if geom is not None:
            if commune.geometry is None:
                raise PlacementInvalide(
                    f"Le contour de {commune.nom} est inconnu : placement impossible."
                )
            check_inside(geom, shapely.from_wkb(commune.geometry), commune.nom)
        before = shapely.to_geojson(shapely.from_wkb(row.geometry)) if row.geometry else None
        row.geometry = shapely.to_wkb(geom) if geom is not None else None
        after = shapely.to_geojson(geom) if geom is not None else None
        return {"geometrie": before}, {"geometrie": after}

    changement = "Placement sur la carte" if geom is not None else "Retrait de la carte"
    return _edit(session, code, cle, qui, changement, version_attendue, apply, "placement")
