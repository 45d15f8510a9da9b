"""Storage helpers of the plan services: errors, reads, and the versioned snapshot.

Writers live in ``services/plans/__init__.py``; this module only reads, and prepares (without
committing) the new version a writer fills.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from ...domain.planning import HORIZONS
from ...domain.refus import Refus
from ...models import Commune, PlanAction, PlanVersion
from ..audit import record

__all__ = [
    "ActionIntrouvable",
    "PlanConflit",
    "PlanIntrouvable",
    "MODIFIE_EN_MEME_TEMPS",
    "PlanInvalide",
    "actions_of",
    "current_version",
    "get_version",
    "journal",
    "list_versions",
    "new_version",
    "next_key",
    "summary",
]


class PlanIntrouvable(Refus, LookupError):
    """No such commune or plan version."""

    status = 404


class ActionIntrouvable(Refus, LookupError):
    """No such action in the commune's current plan."""

    status = 404


class PlanConflit(Refus):
    """The plan changed since the user loaded it (or two saves raced)."""

    status = 409


# A unique clash at the commit means two saves raced (``transaction(..., doublon=...)``).
MODIFIE_EN_MEME_TEMPS = (
    "Le plan a été modifié en même temps par quelqu'un d'autre. Rechargez la page : "
    "votre modification n'a pas été enregistrée."
)


class PlanInvalide(Refus, ValueError):
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


def new_version(session, code, qui, changement, version_attendue, *, copy=True):
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
        projet=cur.projet if cur else "",
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


def next_key(session: Session, code: str) -> int:
    stmt = (
        select(func.max(PlanAction.cle))
        .join(PlanVersion, PlanAction.version_id == PlanVersion.id)
        .where(PlanVersion.code_insee == code)
    )
    return (session.exec(stmt).one() or 0) + 1


def journal(session, qui, what, code, version, avant=None, apres=None, motif=None):
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


def summary(a: PlanAction) -> dict:
    return {"cle": a.cle, "action": a.action_id, "libelle": a.libelle, "horizon": a.horizon}
