"""The diagnosis's needs for a commune, ready to pre-fill a plan proposal.

:func:`load_contexte` reads, once for all communes, what the needs are measured against
(``domain/planning_needs.py``): each commune's indicator values as the latest snapshot froze
them, the Lot's rates (Σ numerators / Σ denominators of the validated figures), the medians
of each population band, each commune's raw figures (for cost models counting dwellings or
items), its validated heritage inventory items and whether heritage was looked at.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from sqlalchemy import inspect
from sqlmodel import Session, select

from ...domain.patrimoine import ElementPatrimoine
from ...domain.planning import CatalogueActions, Need
from ...domain.planning_needs import (
    NeedMapping,
    References,
    band_label,
    band_medians,
    lot_rate,
    needs_from_figures,
)
from ...domain.tranches import band_of
from ...models import Commune, PatrimoineElement, ValeurIndicateur
from ...parametres import load_catalogue_indicateurs, load_correspondance_besoins
from ..diagnostic.instantanes import view_content
from ..patrimoine.elements import as_domain

__all__ = [
    "HERITAGE_INDICATORS",
    "ContexteBesoins",
    "diagnosis_needs",
    "load_contexte",
    "with_figures",
]

# indicators whose value, even 0, means heritage was looked at (Mérimée, assessment, inventory)
HERITAGE_INDICATORS = ("monuments_historiques", "etat_patrimoine", "petit_patrimoine")


@dataclass(frozen=True)
class ContexteBesoins:
    source: str
    valeurs: Mapping[str, Mapping[str, float]]  # code → indicator → value
    faits: Mapping[str, Mapping[str, float]]  # code → raw figure or indicator → value
    populations: Mapping[str, int | None]
    lot: Mapping[str, float]  # indicator → the Lot's rate
    tranches: Mapping[str, Mapping[str, float]]  # band → indicator → median
    libelles: Mapping[str, tuple[str, str]]  # indicator → (label, unit)
    inventaire: Mapping[str, tuple[ElementPatrimoine, ...]] = field(default_factory=dict)

    def references(self, code: str) -> References:
        population = self.populations.get(code)
        band = band_of(population)
        return References(self.lot, self.tranches.get(band, {}), band_label(population))

    def patrimoine_evalue(self, code: str) -> bool:
        """Whether heritage was looked at: a heritage figure (even 0) or inventory items."""
        known = any(i in self.valeurs.get(code, {}) for i in HERITAGE_INDICATORS)
        return known or bool(self.inventaire.get(code))

    def needs(self, code: str, mapping: NeedMapping, catalogue: CatalogueActions) -> list[Need]:
        domaines = {c: b.domaine for c, b in catalogue.besoins.items()}
        return needs_from_figures(
            self.valeurs.get(code, {}),
            self.references(code),
            mapping,
            domaines,
            self.source,
            self.libelles,
        )


def _raw(session: Session) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    stmt = select(ValeurIndicateur.code_insee, ValeurIndicateur.donnee, ValeurIndicateur.valeur)
    for code, donnee, valeur in session.exec(stmt.where(ValeurIndicateur.statut == "valide")):
        if valeur is not None:
            out.setdefault(code, {})[donnee] = float(valeur)
    return out


def load_contexte(session: Session) -> ContexteBesoins:
    """Everything the needs of every commune are measured against (one read)."""
    snap, content = view_content(session)
    when = content["date"][:10]
    origin = f"instantané n° {snap.id}" if snap else "calcul provisoire"
    source = f"Diagnostic Village A-Venir, {origin} du {when[8:10]}/{when[5:7]}/{when[:4]}"
    valeurs: dict[str, dict[str, float]] = {}
    for code, c in content["communes"].items():
        valeurs[code] = {row[0]: float(row[1]) for row in c["detail"] if row[1] is not None}
        for ind, v in (c.get("contexte") or {}).items():  # [value, year, source] or None
            if v and v[0] is not None:
                valeurs[code][ind] = float(v[0])
    raw = _raw(session)
    cat = load_catalogue_indicateurs()
    lot: dict[str, float] = {}
    for ind in (*cat.indicateurs, *cat.contexte):
        if ind.calcul != "ratio":
            continue
        num, den = ind.params["numerateur"], ind.params["denominateur"]
        pairs = [(r[num], r[den]) for r in raw.values() if num in r and den in r and r[den] > 0]
        rate = lot_rate(pairs, float(ind.params.get("facteur", 1)))
        if rate is not None:
            lot[ind.id] = rate
    populations = dict(session.exec(select(Commune.code_insee, Commune.population)).all())
    faits = {code: {**raw.get(code, {}), **valeurs.get(code, {})} for code in populations}
    libelles = {i.id: (i.libelle, i.unite) for i in (*cat.indicateurs, *cat.contexte)}
    return ContexteBesoins(
        source,
        valeurs,
        faits,
        populations,
        lot,
        band_medians(valeurs, populations),
        libelles,
        _inventaire(session),
    )


def _inventaire(session: Session) -> dict[str, tuple[ElementPatrimoine, ...]]:
    """code → the commune's validated heritage inventory items (issue 22's contract).

    A database still at a schema before the inventory (``tests/test_migrations.py`` fills a
    first-schema base through today's services) has none."""
    if not inspect(session.connection()).has_table(PatrimoineElement.__tablename__):
        return {}
    out: dict[str, list[ElementPatrimoine]] = {}
    stmt = select(PatrimoineElement).where(PatrimoineElement.statut == "valide")
    for e in session.exec(stmt.order_by(PatrimoineElement.id)):
        out.setdefault(e.code_insee, []).append(as_domain(e))
    return {code: tuple(items) for code, items in out.items()}


def with_figures(needs: tuple[Need, ...], diagnosis: list[Need]) -> tuple[Need, ...]:
    """Needs as given, each kept at the diagnosis's intensity getting the diagnosis's figures
    (the form only sends intensities); a need the engineer changed keeps only its source."""
    found = {n.besoin: n for n in diagnosis}
    out = []
    for n in needs:
        d = found.get(n.besoin)
        if not n.preuves and d is not None and d.intensite == n.intensite:
            n = replace(n, preuves=d.preuves, source=f"{n.source} ; {' ; '.join(d.preuves)}")
        out.append(n)
    return tuple(out)


def diagnosis_needs(
    session: Session, code_insee: str, catalogue: CatalogueActions
) -> tuple[list[Need], str]:
    """(needs, description of the snapshot they come from) for ``code_insee``."""
    contexte = load_contexte(session)
    if code_insee not in contexte.valeurs:
        return [], contexte.source
    mapping = load_correspondance_besoins()
    return contexte.needs(code_insee, mapping, catalogue), contexte.source
