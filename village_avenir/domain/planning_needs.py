"""From the diagnosis to the plan: a need's intensity from the size of the commune's own
figures against stated references, with the figures behind it.

The rules live in ``data/parametres/besoins_diagnostic.toml`` (read by
``village_avenir/parametres.py``, checked by :func:`correspondance_from_mapping`). Each need
has *signals*; a signal compares one indicator's value with a threshold:

- ``reference = "lot"``: thresholds are multiples of the Lot's own rate (all its dwellings,
  all its inhabitants: the aggregate, not a median), e.g. vacancy ≥ 1.2 × the Lot's rate;
- ``reference = "tranche"``: multiples of the median of the communes of the same size band
  (``domain/tranches.py``), e.g. shops per inhabitant ≤ half its peers';
- ``reference = "fixe"``: the thresholds themselves (a distance in km, a declared count),
  with the written rationale of the file.

Intensity (:func:`intensity`): 0 below the retained threshold; 40 at it (``seuil_retenu`` of
the action catalogue), rising linearly to 70 at the priority threshold, then on to 100 at
one more step of the same size. A declared value's weight therefore follows its size
(3 lost services weigh more than 1). A need's intensity is its strongest signal plus
``bonus`` per other signal that fires (capped at 100). A need may be *conditional*
(``[conditions]``): e.g. no vacancy need where vacancy is under the Lot's rate, whatever
else says so. Every need lists its figures (``Need.preuves``): value, reference, thresholds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from statistics import median

from .nombres import format_nombre
from .planning import Need
from .tranches import POP_BANDS, band_of
from .versions import VersionInvalide, parse_version

__all__ = [
    "REFERENCES",
    "Condition",
    "CorrespondanceInvalide",
    "NeedMapping",
    "References",
    "Signal",
    "band_medians",
    "correspondance_from_mapping",
    "intensity",
    "lot_rate",
    "needs_from_figures",
]

REFERENCES = {"lot": "taux du Lot", "tranche": "médiane des communes de même taille", "fixe": ""}


class CorrespondanceInvalide(ValueError):
    """``besoins_diagnostic.toml`` (the correspondence) is malformed or names an unknown need
    or indicator."""


@dataclass(frozen=True)
class Signal:
    besoin: str
    indicateur: str
    reference: str  # lot | tranche | fixe
    retenu: float  # multiple of the reference, or the value itself (fixe)
    prioritaire: float
    sens: str = "+"  # "-": the lower, the stronger the need
    raison: str = ""


@dataclass(frozen=True)
class Condition:
    """The need is kept only if ``indicateur`` ≥ ``facteur`` × reference (when both known)."""

    indicateur: str
    reference: str
    facteur: float
    raison: str


@dataclass(frozen=True)
class NeedMapping:
    version: str
    reference: str
    signaux: tuple[Signal, ...]
    conditions: Mapping[str, Condition] = field(default_factory=dict)
    bonus: int = 5

    @property
    def besoins(self) -> dict[str, tuple[str, ...]]:
        """need → the indicators its signals read."""
        out: dict[str, tuple[str, ...]] = {}
        for s in self.signaux:
            out[s.besoin] = (*out.get(s.besoin, ()), s.indicateur)
        return out


@dataclass(frozen=True)
class References:
    """The commune's references: the Lot's rates and its size band's medians."""

    lot: Mapping[str, float]
    tranche: Mapping[str, float]
    tranche_libelle: str = ""

    def value(self, kind: str, indicateur: str) -> float | None:
        if kind == "fixe":
            return 1.0
        return (self.lot if kind == "lot" else self.tranche).get(indicateur)


def intensity(value: float, retenu: float, prioritaire: float, sens: str = "+") -> int:
    """0–100 from ``value`` against its thresholds (module doc). ``sens="-"``: lower is worse."""
    if sens == "-":
        value, retenu, prioritaire = -value, -retenu, -prioritaire
    if value < retenu:
        return 0
    step = prioritaire - retenu
    if step <= 0:
        return 70 if value >= prioritaire else 40
    if value < prioritaire:
        return int(round(40 + 30 * (value - retenu) / step))
    return int(round(min(100.0, 70 + 30 * (value - prioritaire) / step)))


def lot_rate(pairs: Iterable[tuple[float, float]], facteur: float = 100) -> float | None:
    """The Lot's rate from (numerator, denominator) of every commune: Σ num / Σ den."""
    num = den = 0.0
    for n, d in pairs:
        num, den = num + n, den + d
    return None if den <= 0 else num / den * facteur


def band_medians(
    values: Mapping[str, Mapping[str, float]], populations: Mapping[str, int | None]
) -> dict[str, dict[str, float]]:
    """band key → indicator → median value of the communes of that band."""
    cols: dict[str, dict[str, list[float]]] = {}
    for code, row in values.items():
        band = band_of(populations.get(code))
        if band is None:
            continue
        for ind, v in row.items():
            cols.setdefault(band, {}).setdefault(ind, []).append(v)
    return {b: {i: median(vs) for i, vs in inds.items()} for b, inds in cols.items()}


def band_label(population: int | None) -> str:
    band = band_of(population)
    return POP_BANDS[band][0] if band else ""


def _fmt(v: float) -> str:
    return format_nombre(round(v, 1), 1)


def _evidence(s: Signal, value: float, ref: float | None, lo: float, hi: float, label, refs):
    name, unit = label
    unit = f" {unit}" if unit else ""
    text = f"{name} : {_fmt(value)}{unit}"
    if s.reference != "fixe" and ref is not None:
        where = REFERENCES[s.reference]
        if s.reference == "tranche" and refs.tranche_libelle:
            where = f"{where} ({refs.tranche_libelle})"
        text += f" ; {where} : {_fmt(ref)}{unit}"
    return f"{text} ; seuil retenu {_fmt(lo)}{unit}, prioritaire {_fmt(hi)}{unit}"


def needs_from_figures(
    values: Mapping[str, float],
    refs: References,
    mapping: NeedMapping,
    domaines: Mapping[str, str],
    source: str,
    libelles: Mapping[str, tuple[str, str]] | None = None,
) -> list[Need]:
    """The needs of one commune from its indicator ``values`` (absent: unknown).

    ``domaines`` gives each need's domain (action catalogue); ``libelles`` each indicator's
    (label, unit) for the evidence. A need with no signal firing is left out."""
    libelles = libelles or {}
    found: dict[str, list[tuple[int, str]]] = {}
    for s in mapping.signaux:
        value = values.get(s.indicateur)
        ref = refs.value(s.reference, s.indicateur)
        if value is None or ref is None:
            continue
        lo, hi = s.retenu * ref, s.prioritaire * ref
        level = intensity(value, lo, hi, s.sens)
        if level:
            label = libelles.get(s.indicateur, (s.indicateur, ""))
            found.setdefault(s.besoin, []).append(
                (level, _evidence(s, value, ref, lo, hi, label, refs))
            )
    needs = []
    for besoin, signals in found.items():
        cond = mapping.conditions.get(besoin)
        if cond is not None:
            v, ref = values.get(cond.indicateur), refs.value(cond.reference, cond.indicateur)
            if v is not None and ref is not None and v < cond.facteur * ref:
                continue  # e.g. vacancy under the Lot's rate: no vacancy need
        signals.sort(key=lambda x: -x[0])
        level = min(100, signals[0][0] + mapping.bonus * (len(signals) - 1))
        preuves = tuple(text for _, text in signals)
        needs.append(
            Need(domaines[besoin], besoin, level, f"{source} ; {' ; '.join(preuves)}", preuves)
        )
    return needs


# --- loading --------------------------------------------------------------------------------


def _signal(besoin: str, raw: Mapping) -> Signal:
    s = Signal(
        besoin,
        str(raw["indicateur"]),
        str(raw["reference"]),
        float(raw["retenu"]),
        float(raw["prioritaire"]),
        str(raw.get("sens", "+")),
        str(raw["raison"]),
    )
    if s.reference not in REFERENCES:
        raise CorrespondanceInvalide(f"Référence inconnue « {s.reference} » ({besoin}).")
    if s.sens not in "+-" or len(s.sens) != 1:
        raise CorrespondanceInvalide(f"Sens inconnu « {s.sens} » ({besoin}) : « + » ou « - ».")
    if not s.raison.strip():
        raise CorrespondanceInvalide(f"Écrivez la raison du seuil de {s.indicateur} ({besoin}).")
    return s


def correspondance_from_mapping(
    data: Mapping, needs: Iterable[str], indicators: Iterable[str]
) -> NeedMapping:
    """Check the parsed correspondence against the catalogue's needs and indicators."""
    try:
        version = parse_version(data.get("version"))
        signaux = tuple(
            _signal(need, raw) for need, raws in data["besoins"].items() for raw in raws
        )
        conditions = {
            need: Condition(
                str(c["indicateur"]), str(c["reference"]), float(c["facteur"]), str(c["raison"])
            )
            for need, c in data.get("conditions", {}).items()
        }
        regles = data.get("regles", {})
        result = NeedMapping(
            version.code,
            version.reference,
            signaux,
            conditions,
            int(regles.get("bonus", 5)),
        )
    except (KeyError, TypeError, ValueError, AttributeError, VersionInvalide) as exc:
        if isinstance(exc, CorrespondanceInvalide):
            raise
        raise CorrespondanceInvalide(
            f"Correspondance besoins–diagnostic incomplète ({exc})."
        ) from exc
    known_needs, known_indicators = set(needs), set(indicators)
    for need, ids in result.besoins.items():
        if need not in known_needs:
            raise CorrespondanceInvalide(f"Besoin inconnu du catalogue d'actions : « {need} ».")
        unknown = [i for i in ids if i not in known_indicators]
        if unknown:
            raise CorrespondanceInvalide(f"Indicateur(s) inconnu(s) pour « {need} » : {unknown}.")
    for need, c in result.conditions.items():
        if need not in known_needs or c.indicateur not in known_indicators:
            raise CorrespondanceInvalide(f"Condition inconnue pour « {need} » ({c.indicateur}).")
    return result
