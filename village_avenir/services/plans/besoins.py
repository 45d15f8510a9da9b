"""The diagnosis's needs for a commune, ready to pre-fill a plan proposal."""

from __future__ import annotations

import tomllib

from sqlmodel import Session

from ...config import DATA_DIR
from ...domain.planning import Catalogue, Need
from ...domain.planning_needs import honest_needs, load_need_mapping, needs_from_diagnosis
from ..diagnostic.calcul import parametres as diagnostic_parametres
from ..diagnostic.instantanes import view_content

__all__ = ["MAPPING_PATH", "diagnosis_needs"]

MAPPING_PATH = DATA_DIR / "parametres" / "besoins_diagnostic.toml"


def _signal_intensity() -> int:
    with open(MAPPING_PATH, "rb") as fh:
        return int(tomllib.load(fh).get("regles", {}).get("intensite_signalement", 60))


def diagnosis_needs(
    session: Session, code_insee: str, catalogue: Catalogue
) -> tuple[list[Need], str]:
    """(needs, description of the snapshot they come from) for ``code_insee``."""
    indicators = [s.id for s in diagnostic_parametres().catalogue.indicateurs]
    mapping = load_need_mapping(MAPPING_PATH, catalogue.besoins, indicators)
    snap, content = view_content(session)
    when = content["date"][:10]
    origin = f"instantané n° {snap.id}" if snap else "calcul provisoire"
    source = f"Diagnostic Village A-Venir, {origin} du {when[8:10]}/{when[5:7]}/{when[:4]}"
    commune = content["communes"].get(code_insee)
    if commune is None:
        return [], source
    oriented = honest_needs(commune["detail"], _signal_intensity())
    domaines = {code: b.domaine for code, b in catalogue.besoins.items()}
    return needs_from_diagnosis(oriented, mapping, domaines, source), source
