"""From the diagnosis to the plan: a need's intensity from the indicators that measure it.

The correspondence lives in ``data/parametres/besoins_diagnostic.toml`` (read by
``village_avenir/parametres.py``, checked by :func:`correspondance_from_mapping`). A need's
proposed intensity is the highest oriented percentile (« besoin », 0–100) among its *ranked*
indicators (enough communes have a value); a declared or assessed value proposes the need
only when it reaches its stated threshold (at a stated intensity); a need none of whose
indicators says anything, or whose strongest need is 0, is left out, for the engineer to
appraise. A declared 0 therefore never proposes an action.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .planning import Need
from .versions import VersionInvalide, parse_version

__all__ = [
    "NeedMapping",
    "NeedMappingError",
    "correspondance_from_mapping",
    "honest_needs",
    "needs_from_diagnosis",
]


class NeedMappingError(ValueError):
    """The correspondence file is malformed or names an unknown need or indicator."""


@dataclass(frozen=True)
class NeedMapping:
    version: str
    reference: str
    besoins: Mapping[str, tuple[str, ...]]
    intensite_signalement: int = 60  # proposed intensity of a declared value at its threshold


def correspondance_from_mapping(
    data: Mapping, needs: Iterable[str], indicators: Iterable[str]
) -> NeedMapping:
    """Check the parsed correspondence against the catalogue's needs and indicators."""
    try:
        version = parse_version(data.get("version"))
        mapping = {k: tuple(v) for k, v in data["besoins"].items()}
        signal = int(data.get("regles", {}).get("intensite_signalement", 60))
        result = NeedMapping(version.code, version.reference, mapping, signal)
    except (KeyError, TypeError, ValueError, VersionInvalide) as exc:
        raise NeedMappingError(f"Correspondance besoins–diagnostic incomplète ({exc}).") from exc
    known_needs, known_indicators = set(needs), set(indicators)
    for need, ids in mapping.items():
        if need not in known_needs:
            raise NeedMappingError(f"Besoin inconnu du catalogue d'actions : « {need} ».")
        unknown = [i for i in ids if i not in known_indicators]
        if unknown:
            raise NeedMappingError(f"Indicateur(s) inconnu(s) pour « {need} » : {unknown}.")
    return result


def honest_needs(detail: Iterable[list], signal_intensity: int) -> dict[str, float | None]:
    """``indicator → need`` from a snapshot's breakdown rows (``[id, valeur, percentile,
    besoin, poids, part, contribution, annee, source, statut, signal]``): the percentile need
    of a ranked indicator, ``signal_intensity`` for a threshold reached, else None."""
    out: dict[str, float | None] = {}
    for row in detail:
        statut = row[9] if len(row) > 9 else "classe"
        if statut == "classe":
            out[row[0]] = row[3]
        elif statut == "seuil" and len(row) > 10 and row[10]:
            out[row[0]] = float(signal_intensity)
        else:
            out[row[0]] = None
    return out


def needs_from_diagnosis(
    besoins_indicateurs: Mapping[str, float | None],
    mapping: NeedMapping,
    domaines: Mapping[str, str],
    source: str,
) -> list[Need]:
    """Needs of one commune from its indicators' oriented percentiles (None = no data).

    ``domaines`` gives each need's domain (from the action catalogue).
    """
    needs = []
    for need, ids in mapping.besoins.items():
        known = [besoins_indicateurs[i] for i in ids if besoins_indicateurs.get(i) is not None]
        if not known:
            continue
        strongest = max(known)
        if strongest <= 0:  # the lowest need of the département, or a declared 0: no need
            continue
        which = ", ".join(i for i in ids if besoins_indicateurs.get(i) == strongest)
        needs.append(
            Need(domaines[need], need, int(round(strongest)), f"{source} ; indicateur : {which}")
        )
    return needs
