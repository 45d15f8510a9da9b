"""Import of indicator files (already read by ``sources``) into ``ValeurIndicateur``.

Old commune codes (communes déléguées) are mapped to the current commune and their values
SUMMED with the current commune's own row, if any. Rows of communes outside the referential
are rejected with their reason (counted, not fatal). Everything is written in one
transaction, journaled, followed by a new snapshot.

Partial files are never read as zeros. For data a file is exhaustive about (Mérimée, BPE,
France services), communes of the covered départements without a row get 0 ONLY when the file
names at least ``SEUIL_COUVERTURE`` (95 %) of the current communes of those départements (any
row counts, also equipment types the catalogue does not use). Below it, the import is refused
(:class:`FichierPartiel`, « le fichier couvre 2 communes sur 312 ») unless the engineer
confirms a partial import (``partiel=True``: CLI ``--partiel``, browser checkbox): then only
the communes named get values, the others keep what they had (« non renseigné » if nothing).
A Mérimée extract names only the communes having a monument, so it is usually partial.

A value under statistical secrecy (``s`` in the project's long format) is stored with
``statut="secret"``: it never enters a score and the sheet says « secret statistique »; its
``valeur`` column (not nullable) holds 0.0, which nothing reads. A sum over old codes where
one part is secret is secret.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlmodel import Session, select

from ... import repository as repo
from ...domain.communes import CodeInseeInvalide, departement_of, resolve_code
from ...domain.couverture import SEUIL_COUVERTURE, couvre, format_seuil
from ...domain.refus import Refus
from ...models import ValeurIndicateur, utcnow
from ...parametres import load_parametres_diagnostic
from ...sources import ImportInvalide
from ...sources.indicateurs import ReadResult, read_long_csv
from ...sources.lecture import open_text
from ..audit import record
from ..transaction import transaction
from .instantanes import take_snapshot

__all__ = [
    "FORMATS",
    "NEEDS_YEAR",
    "SEUIL_COUVERTURE",
    "FichierPartiel",
    "IndicatorImportReport",
    "import_indicateurs",
    "load_shipped_indicateurs",
    "read_file",
]


class FichierPartiel(Refus, ImportInvalide):
    """A file that does not cover its département, imported without the partial confirmation."""


@dataclass
class IndicatorImportReport:
    lues: int = 0
    importees: int = 0  # values written (created or changed)
    inchangees: int = 0
    rejetees: int = 0
    raisons: Counter = field(default_factory=Counter)
    exemples: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    instantane_id: int | None = None
    # (communes named, communes of the département) for files meant to be exhaustive
    couverture: tuple[int, int] | None = None
    partiel: bool = False  # below SEUIL_COUVERTURE: absent communes are left untouched

    def couverture_text(self) -> str | None:
        """« le fichier couvre 2 communes sur 312 » (None for a file not meant exhaustive)."""
        if self.couverture is None:
            return None
        n, total = self.couverture
        return f"le fichier couvre {n} commune{'s' if n > 1 else ''} sur {total}"

    def reject(self, line: int, code_insee: str | None, raison: str) -> None:
        """Count a rejected row by its reason; keep the first ten as examples."""
        self.rejetees += 1
        self.raisons[raison] += 1
        if len(self.exemples) < 10:
            self.exemples.append(f"ligne {line} ({code_insee}) : {raison}")

    def lines(self) -> list[str]:
        out = [
            f"{self.lues} lignes lues ; {self.importees} valeurs importées ou mises à jour, "
            f"{self.inchangees} inchangées ; {self.rejetees} lignes rejetées."
        ]
        out += [f"  rejet ({n}) : {raison}" for raison, n in self.raisons.most_common()]
        out += [f"  exemple : {e}" for e in self.exemples[:10]]
        out += self.notes
        return out


def _coverage(
    result: ReadResult, current: set[str], old: dict, report: IndicatorImportReport
) -> set[str]:
    """The current communes of the file's départements; sets ``report.couverture``."""
    covered = {c for c in current if departement_of(c) in result.departements}
    named = set()
    for code in result.communes:
        try:
            res = resolve_code(code, current, old)
        except CodeInseeInvalide:
            res = None
        if res is not None:
            named.add(res.code_insee)
    if not covered:  # only communes outside the referential: nothing to fill either way
        return covered
    report.couverture = (len(named & covered), len(covered))
    report.partiel = not couvre(len(named & covered), len(covered))
    return covered


def import_indicateurs(
    session: Session,
    result: ReadResult,
    *,
    qui: str,
    fichier: str,
    dry_run: bool = False,
    partiel: bool = False,
) -> IndicatorImportReport:
    """Write the values of a read file; one transaction (nothing written on error).

    ``dry_run``: compute the same report (values to import, unchanged, rejected with their
    line) and roll everything back: the preview of the browser import writes nothing.
    ``partiel``: the engineer confirmed that a file covering less than ``SEUIL_COUVERTURE`` of
    its département is imported as partial; without it such a file raises
    :class:`FichierPartiel` (a dry run reports it instead)."""
    report = IndicatorImportReport(lues=result.lues)
    for r in result.rejets:
        report.reject(r.line, r.code_insee, r.raison)
    current = repo.current_codes(session)
    old = repo.deleguees(session)
    sums: dict[tuple[str, str], float] = {}
    secrets: set[tuple[str, str]] = set()
    meta: dict[tuple[str, str], tuple[str | None, str]] = {}
    redirected = set()
    for row in result.rows:
        try:
            res = resolve_code(row.code_insee, current, old)
        except CodeInseeInvalide:
            res = None
        if res is None:
            raison = "commune absente du référentiel (autre département ou code disparu)"
            report.reject(row.line, row.code_insee, raison)
            continue
        if res.redirected:
            redirected.add(f"{row.code_insee} → {res.code_insee}")
        key = (res.code_insee, row.donnee)
        if row.valeur is None:
            secrets.add(key)
        sums[key] = sums.get(key, 0.0) + (row.valeur or 0.0)
        meta[key] = (row.annee or result.annee, row.source or result.source)
    if redirected:
        report.notes.append(
            f"{len(redirected)} anciens codes (communes déléguées) rattachés à leur commune actuelle et additionnés : "
            + ", ".join(sorted(redirected)[:12])
            + (" …" if len(redirected) > 12 else "")
        )
    covered = _coverage(result, current, old, report) if result.exhaustives else set()
    if report.partiel:
        seuil = format_seuil()
        if not (partiel or dry_run):
            raise FichierPartiel(
                f"{report.couverture_text()} (il en faut au moins {seuil} pour le lire comme "
                "complet). S'il ne doit compléter que ces communes, "
                "confirmez un import partiel : les autres communes gardent leurs valeurs "
                "(« non renseigné » si elles n'en ont pas), jamais 0."
            )
        report.notes.append(
            f"Fichier partiel : {report.couverture_text()} (moins de {seuil}) ; les communes "
            "absentes gardent leurs valeurs (« non renseigné » si elles n'en ont pas), aucune "
            "n'est mise à 0."
        )
        covered = set()  # no zero for a commune the file does not name
    elif report.couverture is not None:
        report.notes.append(
            f"Fichier complet : {report.couverture_text()} ; une commune absente n'a aucun "
            "équipement ou monument de ce type (0)."
        )
    for donnee in result.exhaustives:
        for code in covered:
            if (code, donnee) not in sums:
                sums[(code, donnee)] = 0.0
                meta[(code, donnee)] = (result.annee, result.source)
    with transaction(session, commit=not dry_run):
        existing = {
            (v.code_insee, v.donnee): v for v in session.exec(select(ValeurIndicateur)).all()
        }
        for (code, donnee), valeur in sorted(sums.items()):
            annee, source = meta[(code, donnee)]
            row = existing.get((code, donnee))
            secret = (code, donnee) in secrets
            values = {
                "valeur": 0.0 if secret else valeur,
                "annee": annee,
                "source": source,
                "origine": "importee",
                "statut": "secret" if secret else "valide",
            }
            if row is not None and all(getattr(row, k) == v for k, v in values.items()):
                report.inchangees += 1
                continue
            avant = None
            if row is None:
                row = ValeurIndicateur(code_insee=code, donnee=donnee, saisi_par=qui, **values)
                session.add(row)
            else:
                avant = {k: getattr(row, k) for k in values}
                for k, v in values.items():
                    setattr(row, k, v)
            row.saisi_par, row.saisi_le, row.valide_par, row.valide_le = qui, utcnow(), None, None
            record(
                session,
                qui=qui,
                action="import:creation" if avant is None else "import:modification",
                objet="valeur_indicateur",
                objet_id=f"{code}/{donnee}",
                code_insee=code,
                avant=avant,
                apres=values,
                motif=f"Import {result.format} : {fichier}",
            )
            report.importees += 1
        session.flush()
        if dry_run:  # a trial: the report is made, nothing is kept (and nothing committed)
            session.rollback()
            return report
        snap = take_snapshot(
            session, qui=qui, motif=f"Après import {result.format} ({fichier})", commit=False
        )
        report.instantane_id = snap.id
    return report


# --- the formats an engineer may load (command line and browser) ---------------------------

FORMATS = {
    "insee-logement": "INSEE base-cc-logement ou comparateur de territoires (CODGEO, Pyy_LOG, Pyy_LOGVAC, Pyy_RSECOCC, Pyy_RP)",
    "insee-population": "INSEE séries de population ou comparateur de territoires (CODGEO, Pyy_POP)",
    "bpe": "INSEE, Base permanente des équipements (nombre par commune ou un équipement par ligne)",
    "merimee": "Ministère de la Culture, Mérimée : immeubles protégés monuments historiques",
    "lovac": "LOVAC open data communes (logements vacants du parc privé)",
    "anct-france-services": "ANCT, table des programmes par commune (colonne id_fs : France services)",
    "long": "Format du projet : code_insee;indicateur;valeur;annee;source",
}
NEEDS_YEAR = {"merimee", "anct-france-services"}


def read_file(fmt: str, fh, annee: str | None = None, progress=None) -> ReadResult:
    """Read an official file with the reader of ``fmt`` (raises ``ImportInvalide``)."""
    from ...parametres import load_parametres_diagnostic
    from ...sources.bpe import read_bpe
    from ...sources.france_services import read_france_services
    from ...sources.indicateurs import read_long_csv
    from ...sources.insee import read_logement, read_population
    from ...sources.lovac import read_lovac
    from ...sources.merimee import read_merimee

    cat = load_parametres_diagnostic().catalogue
    if fmt == "insee-logement":
        return read_logement(fh, progress)
    if fmt == "insee-population":
        return read_population(fh, progress)
    if fmt == "lovac":
        return read_lovac(fh, progress)
    if fmt == "bpe":
        groups = {d.id: d.typequ for d in cat.donnees.values() if d.typequ}
        return read_bpe(fh, groups, progress)
    if fmt == "merimee":
        return read_merimee(fh, annee, progress)
    if fmt == "anct-france-services":
        return read_france_services(fh, annee, progress)
    return read_long_csv(fh, set(cat.donnees), progress)


def load_shipped_indicateurs(session: Session, departement: str, *, qui: str) -> list[str]:
    """Load the shipped indicator file of a département (``INDICATEURS_DIR/<dep>.csv``, built
    by ``scripts/build_indicateurs.py``) when no official value is in the database yet; the
    import takes the first snapshot. Returns report lines (nothing done: an empty list)."""
    path = Path(current_app.config["INDICATEURS_DIR"]) / f"{departement}.csv"
    stmt = select(ValeurIndicateur).where(ValeurIndicateur.origine == "importee").limit(1)
    if not path.exists() or session.exec(stmt).first() is not None:
        return []
    with open_text(path) as fh:
        result = read_long_csv(fh, set(load_parametres_diagnostic().catalogue.donnees))
    result.format = "fourni"
    report = import_indicateurs(session, result, qui=qui, fichier=path.name)
    return [
        f"Indicateurs fournis ({path.name}) : {report.importees} valeurs chargées, "
        f"{report.rejetees} rejetées ; premier instantané du diagnostic n° {report.instantane_id}."
    ]
