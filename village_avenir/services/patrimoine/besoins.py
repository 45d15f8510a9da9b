"""The heritage need of every commune from its validated inventory (read side)."""

from __future__ import annotations

from sqlalchemy import inspect
from sqlmodel import Session, select

from ...domain.patrimoine_besoin import BesoinPatrimoine, besoin_patrimoine
from ...models import PatrimoineElement, PatrimoineVisite
from ...parametres import load_parametres_patrimoine
from .elements import as_domain

__all__ = ["besoins_patrimoine", "source_besoin"]


def besoins_patrimoine(session: Session) -> dict[str, BesoinPatrimoine]:
    """``code_insee → need`` for the communes with at least one assessed, validated item
    (the others are absent: « à évaluer »). An item's date is its ``date_etat``, else its
    visit's date. A database still at a schema before the inventory (``tests/test_migrations.py``
    fills a first-schema base through today's services) has none."""
    if not inspect(session.connection()).has_table(PatrimoineElement.__tablename__):
        return {}
    dates = dict(session.exec(select(PatrimoineVisite.id, PatrimoineVisite.date_visite)).all())
    per_commune: dict[str, list] = {}
    stmt = select(PatrimoineElement).where(PatrimoineElement.statut == "valide")
    for row in session.exec(stmt).all():
        seen = row.date_etat or dates.get(row.visite_id)
        per_commune.setdefault(row.code_insee, []).append((as_domain(row), seen))
    params = load_parametres_patrimoine()
    out = {}
    for code, items in per_commune.items():
        need = besoin_patrimoine(items, params)
        if need is not None:
            out[code] = need
    return out


def source_besoin(need: BesoinPatrimoine) -> str:
    """The need's source as the diagnostic shows it: « inventaire du <date> », counts."""
    quand = f"du {need.date:%d/%m/%Y}" if need.date else "(date de constat inconnue)"
    reste = f", {need.a_evaluer} encore à évaluer" if need.a_evaluer else ""
    return (
        f"Inventaire du patrimoine de la commune {quand} : {need.evalues} éléments évalués"
        f"{reste} (règles et poids : patrimoine.toml, version "
        f"{load_parametres_patrimoine().version.code})"
    )
