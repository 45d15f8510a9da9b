"""The diagnosis's needs for a commune, ready to pre-fill a plan proposal."""

from __future__ import annotations

from sqlmodel import Session

from ...domain.planning import CatalogueActions, Need
from ...domain.planning_needs import honest_needs, needs_from_diagnosis
from ...parametres import load_correspondance_besoins
from ..diagnostic.instantanes import view_content

__all__ = ["diagnosis_needs"]


def diagnosis_needs(
    session: Session, code_insee: str, catalogue: CatalogueActions
) -> tuple[list[Need], str]:
    """(needs, description of the snapshot they come from) for ``code_insee``.

    The correspondence (``besoins_diagnostic.toml``) is checked against the catalogues the
    loader reads; ``catalogue`` gives each need's domain."""
    mapping = load_correspondance_besoins()
    snap, content = view_content(session)
    when = content["date"][:10]
    origin = f"instantané n° {snap.id}" if snap else "calcul provisoire"
    source = f"Diagnostic Village A-Venir, {origin} du {when[8:10]}/{when[5:7]}/{when[:4]}"
    commune = content["communes"].get(code_insee)
    if commune is None:
        return [], source
    oriented = honest_needs(commune["detail"], mapping.intensite_signalement)
    domaines = {code: b.domaine for code, b in catalogue.besoins.items()}
    return needs_from_diagnosis(oriented, mapping, domaines, source), source
