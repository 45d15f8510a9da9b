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
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ..domain.placement import PlacementError, check_inside
from ..domain.planning import HORIZONS, STATUTS, Catalogue, Need, propose_plan
from ..models import Commune, PlanAction, PlanVersion
from .audit import record

__all__ = [
    "ActionIntrouvable",
    "PlacementError",
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


class PlanIntrouvable(LookupError):
    """No such commune or plan version."""


class ActionIntrouvable(LookupError):
    """No such action in the commune's current plan."""


class PlanConflit(Exception):
    """The plan changed since the user loaded it (or two saves raced)."""


class PlanInvalide(ValueError):
    """The change asked is not possible (message in French)."""


# --- reads ------------------------------------------------------------------------------------


def current_version(session: Session, code: str) -> PlanVersion | None:
    stmt = select(PlanVersion).where(PlanVersion.code_insee == code)
    return session.exec(stmt.order_by(PlanVersion.numero.desc())).first()


def get_version(session: Session, code: str, numero: int) -> PlanVersion | None:
    stmt = select(PlanVersion).where(PlanVersion.code_insee == code, PlanVersion.numero == numero)
    return session.exec(stmt).first()


def list_versions(session: Session, code: str) -> list[PlanVersion]:
    stmt = select(PlanVersion).where(PlanVersion.code_insee == code)
    return list(session.exec(stmt.order_by(PlanVersion.numero.desc())).all())


def actions_of(session: Session, version: PlanVersion | None) -> list[PlanAction]:
    """The version's actions, by horizon (court, moyen, long) then creation order."""
    if version is None:
        return []
    rows = session.exec(select(PlanAction).where(PlanAction.version_id == version.id)).all()
    order = list(HORIZONS)
    return sorted(rows, key=lambda a: (order.index(a.horizon), a.cle))


# --- writes -----------------------------------------------------------------------------------


def _snapshot(session, code, qui, changement, version_attendue, *, copy=True):
    commune = session.get(Commune, code)
    if commune is None:
        raise PlanIntrouvable(f"Commune {code} inconnue.")
    cur = current_version(session, code)
    numero = cur.numero if cur else 0
    if version_attendue is not None and numero != version_attendue:
        raise PlanConflit(
            f"Le plan a été modifié entre-temps (version {numero}, vous regardiez la version "
            f"{version_attendue}). Rechargez la page : votre modification n'a pas été enregistrée."
        )
    new = PlanVersion(
        code_insee=code,
        numero=numero + 1,
        cree_par=qui,
        changement=changement,
        catalogue_version=cur.catalogue_version if cur else "",
        besoins=cur.besoins if cur else "[]",
    )
    session.add(new)
    session.flush()
    copies: dict[int, PlanAction] = {}
    if copy:
        for a in actions_of(session, cur):
            data = a.model_dump(exclude={"id", "version_id"})
            copies[a.cle] = PlanAction(version_id=new.id, **data)
            session.add(copies[a.cle])
    return commune, new, copies


def _commit(session: Session, work):
    """Run ``work()`` and commit; roll back on any error (a unique clash means a race)."""
    try:
        result = work()
        session.commit()
        return result
    except IntegrityError as exc:
        session.rollback()
        raise PlanConflit(
            "Le plan a été modifié en même temps par quelqu'un d'autre. Rechargez la page : "
            "votre modification n'a pas été enregistrée."
        ) from exc
    except Exception:
        session.rollback()
        raise


def _next_key(session: Session, code: str) -> int:
    stmt = (
        select(func.max(PlanAction.cle))
        .join(PlanVersion, PlanAction.version_id == PlanVersion.id)
        .where(PlanVersion.code_insee == code)
    )
    return (session.exec(stmt).one() or 0) + 1


def _journal(session, qui, what, code, version, avant=None, apres=None, motif=None):
    record(
        session,
        qui=qui,
        action=f"plan:{what}",
        objet="plan",
        objet_id=f"{code} v{version.numero}",
        code_insee=code,
        avant=avant,
        apres=apres,
        motif=motif,
    )


def _summary(a: PlanAction) -> dict:
    return {"cle": a.cle, "action": a.action_id, "libelle": a.libelle, "horizon": a.horizon}


def propose(
    session: Session,
    code: str,
    needs: Iterable[Need],
    catalogue: Catalogue,
    *,
    qui: str,
    remplacer: bool = False,
    version_attendue: int | None = None,
) -> PlanVersion:
    """A new version holding the plan proposed from ``needs`` (replaces the current actions
    only when ``remplacer`` is true)."""
    needs = tuple(needs)
    plan = propose_plan(needs, catalogue)

    def work():
        cur = current_version(session, code)
        if cur is not None and actions_of(session, cur) and not remplacer:
            raise PlanInvalide(
                "Cette commune a déjà un plan : cochez « Remplacer le plan actuel » pour le "
                "remplacer par la proposition (les versions précédentes restent consultables)."
            )
        _, new, _ = _snapshot(
            session, code, qui, "Proposition depuis les besoins", version_attendue, copy=False
        )
        new.catalogue_version = catalogue.version
        new.besoins = json.dumps([asdict(n) for n in needs], ensure_ascii=False)
        key = _next_key(session, code)
        for i, p in enumerate(plan.actions):
            data = asdict(p)
            data["financeurs"] = json.dumps(list(p.financeurs))
            session.add(PlanAction(version_id=new.id, cle=key + i, **data))
        _journal(
            session,
            qui,
            "proposition",
            code,
            new,
            avant={"version": new.numero - 1} if cur else None,
            apres={
                "version": new.numero,
                "catalogue": catalogue.version,
                "besoins": [asdict(n) for n in needs],
                "actions": [p.action_id for p in plan.actions],
            },
        )
        return new

    return _commit(session, work)


def add_action(
    session: Session,
    code: str,
    action_id: str,
    catalogue: Catalogue,
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

    def work():
        _, new, copies = _snapshot(
            session, code, qui, f"Ajout : {action.libelle}", version_attendue
        )
        if any(a.action_id == action_id for a in copies.values()):
            raise PlanInvalide(f"L'action « {action.libelle} » est déjà dans le plan.")
        if not new.catalogue_version:
            new.catalogue_version = catalogue.version
        row = PlanAction(
            version_id=new.id,
            cle=_next_key(session, code),
            action_id=action.id,
            libelle=action.libelle,
            domaine=action.domaine,
            besoin=action.besoin,
            besoin_libelle=catalogue.besoins[action.besoin].libelle,
            intensite=None,
            source_besoin=f"Ajout par {qui}",
            regle="Ajoutée par un ingénieur.",
            horizon=horizon,
            cout_min=action.cout_min,
            cout_max=action.cout_max,
            financeurs=json.dumps(list(action.financeurs)),
        )
        session.add(row)
        session.flush()
        _journal(session, qui, "ajout", code, new, apres=_summary(row))
        return new

    return _commit(session, work)


def _edit(session, code, cle, qui, changement, version_attendue, apply, what, motif=None):
    def work():
        commune, new, copies = _snapshot(session, code, qui, changement, version_attendue)
        row = copies.get(cle)
        if row is None:
            raise ActionIntrouvable(f"Action {cle} absente du plan actuel de la commune {code}.")
        avant, apres = apply(commune, row, copies)
        if avant == apres:
            raise PlanInvalide("Rien n'a changé : aucune nouvelle version n'est enregistrée.")
        base = {"cle": cle, "libelle": row.libelle}
        _journal(session, qui, what, code, new, {**base, **avant}, {**base, **apres}, motif)
        return new

    return _commit(session, work)


def remove_action(session, code, cle, *, qui, motif=None, version_attendue=None):
    def apply(_commune, row, _copies):
        session.expunge(row)  # pending copy: simply not written
        return _summary(row), {"supprimee": True}

    return _edit(session, code, cle, qui, "Suppression d'une action", version_attendue, apply,
                 "suppression", motif)  # fmt: skip


def move_action(session, code, cle, horizon, *, qui, version_attendue=None):
    if horizon not in HORIZONS:
        raise PlanInvalide(f"Horizon inconnu « {horizon} ».")

    def apply(_commune, row, _copies):
        before = {"horizon": row.horizon}
        row.horizon = horizon
        return before, {"horizon": horizon}

    return _edit(session, code, cle, qui, f"Déplacement vers {HORIZONS[horizon].lower()}",
                 version_attendue, apply, "deplacement")  # fmt: skip


def update_action(
    session, code, cle, *, budget, porteur, statut, qui, motif=None, version_attendue=None
):
    """Set budget (whole euros or None), lead (porteur) and status of one action."""
    if budget is not None and not 0 <= budget <= BUDGET_MAX:
        raise PlanInvalide(f"Budget hors limites (de 0 à {BUDGET_MAX:,} €).".replace(",", " "))
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
                raise PlacementError(
                    f"Le contour de {commune.nom} est inconnu : placement impossible."
                )
            check_inside(geom, shapely.from_wkb(commune.geometry), commune.nom)
        before = shapely.to_geojson(shapely.from_wkb(row.geometry)) if row.geometry else None
        row.geometry = shapely.to_wkb(geom) if geom is not None else None
        after = shapely.to_geojson(geom) if geom is not None else None
        return {"geometrie": before}, {"geometrie": after}

    changement = "Placement sur la carte" if geom is not None else "Retrait de la carte"
    return _edit(session, code, cle, qui, changement, version_attendue, apply, "placement")
