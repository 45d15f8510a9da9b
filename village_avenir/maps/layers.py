"""Colourings of the département map: a registry, so new colourings plug in without touching
the map page, its table, its exports or its legend.

A colouring is ``register_colouring(code, label, provider, kind, ...)`` where
``provider(session) -> dict[code_insee, LayerValue]`` gives each commune a value (a number
for ``kind="valeurs"``, a category code for ``kind="categories"``), its French label, its
year and its source. Communes missing from the dict are shown as « Pas de donnée ».
The built-in colourings are registered in :mod:`village_avenir.maps.colourings`; add new ones
there (the module is imported by the map blueprint). The map cache is keyed by the journal
(the entries of the ``depends_on`` kinds, or all of them), so a provider needs no cache of
its own as long as its data changes through ``services``.

Adding the need scores (diagnosis) and the application states is a few lines, e.g.::

    from ..services.diagnostic import latest_scores

    def _score_global(session):
        return {
            code: LayerValue(s.global_, format_nombre(s.global_), s.annee, s.source)
            for code, s in latest_scores(session).items()
        }

    register_colouring(
        "besoin_global", "Score de besoin global", _score_global, "valeurs",
        breaks=(20, 40, 60, 80), unit="/ 100", description="0 : besoin le plus faible ; 100 : le plus fort.",
    )

    # one per domain: for domaine in (...): register_colouring(f"besoin_{domaine}", ...)

    from ..services.candidatures import states_by_commune

    def _candidatures(session):
        return {
            code: LayerValue(st.etat, st.libelle, st.annee, "Candidatures Village A-Venir")
            for code, st in states_by_commune(session).items()
        }

    register_colouring(
        "candidature", "État de la candidature", _candidatures, "categories",
        categories=[Category("deposee", "Déposée", "déposées"), ...],
    )

(adapt the attribute names to what those services return).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from math import floor, log10
from typing import Any

from branca.colormap import linear

from ..domain.nombres import format_nombre
from ..domain.refus import Refus

__all__ = [
    "NODATA_COLOUR",
    "OKABE_ITO",
    "Category",
    "Classified",
    "Colouring",
    "ColouringInconnue",
    "LayerValue",
    "LegendEntry",
    "classify",
    "colouring",
    "colourings",
    "register_colouring",
]

# Okabe & Ito (2008), « Color Universal Design »: distinguishable with every common colour
# vision deficiency. Order chosen so that the first three (eligibility) stay far apart.
OKABE_ITO = ("#009E73", "#D55E00", "#F0E442", "#0072B2", "#E69F00", "#56B4E9", "#CC79A7")
NODATA_COLOUR = "#d9d9d9"
NODATA_LABEL = "Pas de donnée"
KINDS = ("categories", "valeurs")


class ColouringInconnue(Refus, LookupError):
    """No colouring is registered under this code."""


@dataclass(frozen=True)
class LayerValue:
    """One commune's value in a colouring, with its label, year and source."""

    value: float | int | str | None
    label: str
    year: str | None
    source: str


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    plural: str | None = None  # « éligibles » in the summary sentence; default: label
    colour: str | None = None  # default: Okabe–Ito in order


@dataclass(frozen=True)
class Colouring:
    code: str
    label: str
    provider: Callable[[Any], Mapping[str, LayerValue]]
    kind: str
    categories: tuple[Category, ...] = ()
    breaks: tuple[float, ...] | None = None  # class limits; None: quantiles of the data
    unit: str = ""
    decimals: int = 0
    description: str = ""
    roles: tuple[str, ...] | None = None  # None: public; else the roles that may see it
    # Journal ``objet`` kinds whose changes alter the values (the map cache key follows only
    # them); None: any journal entry, the safe default.
    depends_on: tuple[str, ...] | None = None

    def visible_to(self, user) -> bool:
        """True when ``user`` (Flask-Login's current_user) may see this colouring."""
        if self.roles is None:
            return True
        return bool(getattr(user, "is_authenticated", False)) and user.role in self.roles


@dataclass(frozen=True)
class LegendEntry:
    key: str
    label: str
    colour: str
    count: int


@dataclass(frozen=True)
class Classified:
    """A colouring applied to a set of communes: class per commune, legend, summary."""

    colouring: Colouring
    values: Mapping[str, LayerValue]
    classes: Mapping[str, int]  # code_insee -> index in ``legend``
    legend: tuple[LegendEntry, ...]
    summary: str
    order: Mapping[str, Any] = field(default_factory=dict)  # sort key of each commune's value


_REGISTRY: dict[str, Colouring] = {}


def register_colouring(
    code: str,
    label: str,
    provider: Callable[[Any], Mapping[str, LayerValue]],
    kind: str,
    *,
    categories=(),
    breaks=None,
    unit: str = "",
    decimals: int = 0,
    description: str = "",
    roles: tuple[str, ...] | None = None,
    depends_on: tuple[str, ...] | None = None,
) -> Colouring:
    """Register (or replace) a colouring; the map form lists them in registration order.

    ``roles`` restricts a colouring to logged-in users of those roles (e.g. need scores and
    application states are not public); None makes it public. ``depends_on`` lists the
    journal ``objet`` kinds whose changes alter the values, so that other writes (a draft
    saved, a message sent) do not rebuild the cached map; None (any write) is the safe default.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    if kind == "categories" and not categories:
        raise ValueError("a categorical colouring needs its categories")
    item = Colouring(
        code,
        label,
        provider,
        kind,
        tuple(categories),
        tuple(sorted(breaks)) if breaks else None,
        unit,
        decimals,
        description,
        tuple(roles) if roles is not None else None,
        tuple(depends_on) if depends_on is not None else None,
    )
    _REGISTRY[code] = item
    return item


def colouring(code: str) -> Colouring:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise ColouringInconnue(f"Aucune coloration « {code} » n'existe sur cette carte.") from None


def colourings(user=None) -> list[Colouring]:
    """Registered colourings; with ``user``, only those visible to that user."""
    items = list(_REGISTRY.values())
    return items if user is None else [c for c in items if c.visible_to(user)]


def _plural(n: int, singular: str, plural: str) -> str:
    return f"{format_nombre(n)} {plural if n > 1 else singular}"


def _classify_categories(c: Colouring, values, codes):
    index = {cat.code: i for i, cat in enumerate(c.categories)}
    classes = {code: index[values[code].value] for code in codes if values.get(code) is not None}
    counts = [0] * len(c.categories)
    for i in classes.values():
        counts[i] += 1
    legend = [
        LegendEntry(cat.code, cat.label, cat.colour or OKABE_ITO[i % len(OKABE_ITO)], counts[i])
        for i, cat in enumerate(c.categories)
    ]
    parts = [
        _plural(n, cat.label.lower(), (cat.plural or cat.label).lower())
        for cat, n in zip(c.categories, counts, strict=True)
    ]
    summary = f"{_plural(len(codes), 'commune', 'communes')} : {', '.join(parts)}"
    return classes, legend, summary, {k: index[values[k].value] for k in classes}


def _nice(x: float) -> float:
    """Round to two significant digits (readable class limits)."""
    if x == 0:
        return 0
    step = 10 ** (floor(log10(abs(x))) - 1)
    return round(x / step) * step


def _breaks(c: Colouring, numbers: list[float]) -> tuple[float, ...]:
    if c.breaks:
        return c.breaks
    if len(set(numbers)) < 2:
        return ()
    cuts = statistics.quantiles(numbers, n=5, method="inclusive")
    return tuple(sorted({_nice(x) for x in cuts if min(numbers) < _nice(x) <= max(numbers)}))


def _fmt(c: Colouring, x: float) -> str:
    return format_nombre(x, c.decimals)


def _classify_values(c: Colouring, values, codes):
    numbers = {k: float(values[k].value) for k in codes if _number(values.get(k))}
    limits = _breaks(c, list(numbers.values()))
    n = len(limits) + 1
    cmap = linear.viridis.scale(0, max(n - 1, 1))
    unit = f" {c.unit}" if c.unit else ""
    legend = []
    for i in range(n):
        if n == 1:
            label = "Toutes les valeurs"
        elif i == 0:
            label = f"moins de {_fmt(c, limits[0])}{unit}"
        elif i == n - 1:
            label = f"{_fmt(c, limits[-1])}{unit} et plus"
        else:
            label = f"de {_fmt(c, limits[i - 1])} à moins de {_fmt(c, limits[i])}{unit}"
        # Reversed viridis: light (yellow) for low values, dark for high ones.
        legend.append(LegendEntry(str(i), label, cmap.rgb_hex_str(n - 1 - i), 0))
    classes = {k: sum(x >= b for b in limits) for k, x in numbers.items()}
    counts = [0] * n
    for i in classes.values():
        counts[i] += 1
    legend = [LegendEntry(e.key, e.label, e.colour, counts[i]) for i, e in enumerate(legend)]
    if numbers:
        xs = list(numbers.values())
        summary = (
            f"{_plural(len(codes), 'commune', 'communes')} : {c.label.lower()} de "
            f"{_fmt(c, min(xs))} à {_fmt(c, max(xs))}{unit}, médiane "
            f"{_fmt(c, statistics.median(xs))}{unit}"
        )
    else:
        summary = f"{_plural(len(codes), 'commune', 'communes')}"
    return classes, legend, summary, numbers


def _number(v: LayerValue | None) -> bool:
    return v is not None and isinstance(v.value, int | float) and not isinstance(v.value, bool)


def classify(c: Colouring, values: Mapping[str, LayerValue], codes: list[str]) -> Classified:
    """Apply ``c`` to the communes ``codes``: class of each, legend with counts, summary."""
    if c.kind == "categories":
        known = {cat.code for cat in c.categories}
        values = {k: v for k, v in values.items() if v.value in known}
        classes, legend, summary, order = _classify_categories(c, values, codes)
    else:
        classes, legend, summary, order = _classify_values(c, values, codes)
    missing = len(codes) - len(classes)
    if missing:
        legend.append(LegendEntry("nd", NODATA_LABEL, NODATA_COLOUR, missing))
        summary += f", {_plural(missing, 'sans donnée', 'sans donnée')}"
        nodata = len(legend) - 1
        classes = {**classes, **{k: nodata for k in codes if k not in classes}}
    values = {k: values[k] for k in codes if k in values}
    summary = summary if summary.endswith(".") else summary + "."
    return Classified(c, values, classes, tuple(legend), summary, order)
