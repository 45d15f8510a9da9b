"""The records of a commune's on-site visits: visits, their items and photos, for the pages
(reading only; the writes are in ``synchronisation.py``)."""

from __future__ import annotations

from sqlmodel import Session, select

from ...models import PatrimoineElement, PatrimoinePhoto, PatrimoineVisite

__all__ = ["elements_of", "photos_of", "visites_of"]


def visites_of(session: Session, code: str) -> list[PatrimoineVisite]:
    """The commune's visits, newest first."""
    return list(
        session.exec(
            select(PatrimoineVisite)
            .where(PatrimoineVisite.code_insee == code)
            .order_by(PatrimoineVisite.date_visite.desc(), PatrimoineVisite.id.desc())
        ).all()
    )


def elements_of(session: Session, visite_ids: list[int]) -> list[PatrimoineElement]:
    """The items of these visits, in the order they were stored."""
    if not visite_ids:
        return []
    return list(
        session.exec(
            select(PatrimoineElement)
            .where(PatrimoineElement.visite_id.in_(visite_ids))
            .order_by(PatrimoineElement.id)
        ).all()
    )


def photos_of(session: Session, element_ids: list[int]) -> list[PatrimoinePhoto]:
    """The photos of these items, in the order they were stored."""
    if not element_ids:
        return []
    return list(
        session.exec(
            select(PatrimoinePhoto)
            .where(PatrimoinePhoto.element_id.in_(element_ids))
            .order_by(PatrimoinePhoto.id)
        ).all()
    )
