"""Importing heritage items: an inventory spreadsheet (the documented layout) and the
Mérimée export. Both are checked entirely first: one bad line and nothing is written (the
report lists every bad line with its number). Then one transaction, each item journaled.

- Inventory file: a line matches an existing item of its commune with the same name (case and
  accents ignored) and type; it is updated when a field differs, else left unchanged — the
  same file imported twice doubles nothing. New lines are created valid (an engineer imports).
- Mérimée: one item per protected building and current commune, idempotent on
  ``ref_merimee``; rows of communes outside the referential are ignored (the national file
  covers France); an existing item keeps what a visit said, only its protection follows the
  file. A point outside its commune is dropped (noted), the item kept.

A commune absent from a file is not touched: no item, no zero — « à évaluer » stays.
No snapshot is taken: the heritage need enters the scores at the next snapshot.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import shapely
from sqlmodel import Session, select

from ... import repository as repo
from ...domain.communes import CodeInseeInvalide, resolve_code
from ...domain.patrimoine_merimee import merimee_proprietaire, merimee_protection, merimee_type
from ...domain.patrimoine_saisie import PatrimoineInvalide, check_element
from ...domain.placement import PlacementInvalide, check_inside, from_lon_lat
from ...domain.roles import DEPARTEMENT
from ...models import Commune, PatrimoineElement, utcnow
from ...parametres import load_parametres_patrimoine
from ...sources.merimee import MerimeeElement
from ...sources.patrimoine import InventaireLigne
from ..audit import record
from ..transaction import transaction
from .elements import element_values
from .refus import PatrimoineInterdit

__all__ = ["PatrimoineImportReport", "import_inventaire", "import_merimee"]


@dataclass
class PatrimoineImportReport:
    lues: int = 0
    creees: int = 0
    modifiees: int = 0
    inchangees: int = 0
    ignorees: int = 0  # Mérimée rows of communes outside the referential
    erreurs: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    communes: set[str] = field(default_factory=set)

    def lines(self) -> list[str]:
        out = [
            f"{self.lues} lignes lues : {self.creees} éléments créés, {self.modifiees} modifiés, "
            f"{self.inchangees} inchangés ; {len(self.communes)} communes concernées."
        ]
        if self.ignorees:
            out.append(f"{self.ignorees} lignes ignorées (communes hors du référentiel).")
        out += [f"Ligne {n} : {m}" for n, m in self.erreurs[:200]]
        if len(self.erreurs) > 200:
            out.append(f"… et {len(self.erreurs) - 200} autres erreurs.")
        return out + self.notes


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", (text or "").strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class _Referentiel:
    """Current communes (code → row) and the old-code table, read once per import."""

    def __init__(self, session: Session):
        self.current = repo.current_codes(session)
        self.old = repo.deleguees(session)
        self.session = session
        self._communes: dict[str, Commune] = {}
        self._shapes: dict[str, object] = {}

    def code(self, raw: str) -> str | None:
        try:
            res = resolve_code(raw, self.current, self.old)
        except CodeInseeInvalide:
            return None
        return res.code_insee if res else None

    def commune(self, code: str) -> Commune:
        if code not in self._communes:
            self._communes[code] = self.session.get(Commune, code)
        return self._communes[code]

    def check_place(self, code: str, lon, lat) -> None:
        if lon is None or lat is None:
            return
        commune = self.commune(code)
        if commune.geometry is None:
            raise PlacementInvalide(f"contour de {commune.nom} inconnu : placement impossible.")
        if code not in self._shapes:
            self._shapes[code] = shapely.from_wkb(commune.geometry)
        check_inside(from_lon_lat(lon, lat), self._shapes[code], commune.nom)


def _existing(session: Session, codes: set[str]) -> dict[str, list[PatrimoineElement]]:
    out: dict[str, list[PatrimoineElement]] = {}
    if not codes:
        return out
    stmt = select(PatrimoineElement).where(PatrimoineElement.code_insee.in_(sorted(codes)))
    for row in session.exec(stmt).all():
        out.setdefault(row.code_insee, []).append(row)
    return out


def _check_auteur(auteur) -> None:
    if getattr(auteur, "role", None) not in DEPARTEMENT:
        raise PatrimoineInterdit("Seul le Département importe un inventaire.")


def _check_room(report, existing, new_per_commune: dict[str, list[int]]) -> None:
    maximum = load_parametres_patrimoine().elements_max
    for code, lines in sorted(new_per_commune.items()):
        count = sum(1 for r in existing.get(code, []) if r.statut != "refuse")
        if count + len(lines) > maximum:
            report.erreurs.append(
                (
                    lines[maximum - count] if maximum > count else lines[0],
                    f"commune {code} : plus de {maximum} éléments d'inventaire ({count} déjà, "
                    f"{len(lines)} dans le fichier).",
                )
            )


def _create(session, code, fields, auteur, report, motif, ref_merimee=None) -> None:
    row = PatrimoineElement(code_insee=code, **fields, ref_merimee=ref_merimee, statut="valide",
                            cree_par=auteur.email, valide_par=auteur.email, valide_le=utcnow())  # fmt: skip
    session.add(row)
    session.flush()
    record(session, qui=auteur.email, action="patrimoine:import", objet="patrimoine_element",
           objet_id=str(row.id), code_insee=code, apres=element_values(row), motif=motif)  # fmt: skip
    report.creees += 1


def _update(session, row, fields, auteur, report, motif) -> None:
    changed = {k: v for k, v in fields.items() if getattr(row, k) != v}
    if not changed:
        report.inchangees += 1
        return
    avant = element_values(row)
    for k, v in changed.items():
        setattr(row, k, v)
    row.version += 1
    row.modifie_par, row.modifie_le = auteur.email, utcnow()
    after = element_values(row)
    record(session, qui=auteur.email, action="patrimoine:import", objet="patrimoine_element",
           objet_id=str(row.id), code_insee=row.code_insee, avant={k: avant[k] for k in changed},
           apres={k: after[k] for k in changed}, motif=motif)  # fmt: skip
    report.modifiees += 1


def import_inventaire(
    session: Session, lignes: list[InventaireLigne], *, auteur, fichier: str, dry_run: bool = False
) -> PatrimoineImportReport:
    """Check every line, then (no error, not ``dry_run``) write them in one transaction."""
    _check_auteur(auteur)
    report = PatrimoineImportReport(lues=len(lignes))
    ref = _Referentiel(session)
    checked: list[tuple[int, str, dict]] = []
    for ligne in lignes:
        code = ref.code(ligne.code_insee)
        if code is None:
            report.erreurs.append(
                (ligne.line, f"commune « {ligne.code_insee[:10]} » inconnue du référentiel.")
            )
            continue
        detail = f"{fichier[:120]}, ligne {ligne.line}"
        if ligne.champs.get("source_detail"):
            detail += f" : {ligne.champs['source_detail']}"
        try:
            fields = check_element(
                {**ligne.champs, "source": "inventaire", "source_detail": detail[:300]}
            )
            ref.check_place(code, fields["longitude"], fields["latitude"])
        except (PatrimoineInvalide, PlacementInvalide) as exc:
            report.erreurs.append((ligne.line, str(exc)))
            continue
        checked.append((ligne.line, code, fields))
    existing = _existing(session, {code for _, code, _ in checked})
    index = {(r.code_insee, _fold(r.nom), r.type): r for rows in existing.values() for r in rows}
    new: dict[str, list[int]] = {}
    seen: dict[tuple, int] = {}
    for line, code, fields in checked:
        key = (code, _fold(fields["nom"]), fields["type"])
        if key in seen:
            report.erreurs.append(
                (line, f"même nom et même type que la ligne {seen[key]} pour la même commune.")
            )
        seen[key] = line
        if key not in index:
            new.setdefault(code, []).append(line)
    _check_room(report, existing, new)
    report.erreurs.sort()
    if report.erreurs or dry_run:
        report.communes = {code for _, code, _ in checked}
        report.creees = sum(len(v) for v in new.values())
        return report
    motif = f"Import de l'inventaire {fichier[:120]}"
    with transaction(session):
        for _, code, fields in checked:
            row = index.get((code, _fold(fields["nom"]), fields["type"]))
            if row is None:
                _create(session, code, fields, auteur, report, motif)
            else:
                _update(session, row, {k: v for k, v in fields.items() if k != "source_detail"},
                        auteur, report, motif)  # fmt: skip
            report.communes.add(code)
    return report


def import_merimee(
    session: Session, elements: list[MerimeeElement], *, auteur, fichier: str, dry_run: bool = False
) -> PatrimoineImportReport:
    """Protected buildings of a Mérimée export as items (state « non évalué » until seen)."""
    _check_auteur(auteur)
    report = PatrimoineImportReport(lues=len(elements))
    ref = _Referentiel(session)
    rows: list[tuple[str, dict, str, int]] = []
    dropped = 0
    for e in elements:
        protection = merimee_protection(e.protection)
        codes = list(dict.fromkeys(c for raw in e.codes if (c := ref.code(raw)) is not None))
        if protection is None or not codes:
            report.ignorees += 1
            continue
        typ, precision = merimee_type(e.denomination)
        nom = (e.titre or e.denomination or e.reference)[:200]
        detail = f"Mérimée {e.reference} ({e.protection[:150]})"
        for code in codes:
            data = {"nom": nom, "type": typ, "type_autre": precision, "protection": protection,
                    "proprietaire": merimee_proprietaire(e.statut), "etat": "non_evalue",
                    "source": "merimee", "source_detail": detail[:300]}  # fmt: skip
            try:
                ref.check_place(code, e.longitude, e.latitude)
                data["longitude"], data["latitude"] = e.longitude, e.latitude
            except PlacementInvalide:
                dropped += 1
            try:
                rows.append((code, check_element(data), e.reference, e.line))
            except PatrimoineInvalide as exc:
                report.erreurs.append((e.line, str(exc)))
    if dropped:
        report.notes.append(
            f"{dropped} points Mérimée hors de leur commune : éléments gardés sans point."
        )
    existing = _existing(session, {code for code, _, _, _ in rows})
    index = {
        (r.code_insee, r.ref_merimee): r for v in existing.values() for r in v if r.ref_merimee
    }
    new: dict[str, list[int]] = {}
    counted: set[tuple[str, str]] = set()
    for code, _, reference, line in rows:
        if (code, reference) not in index and (code, reference) not in counted:
            counted.add((code, reference))
            new.setdefault(code, []).append(line)
    _check_room(report, existing, new)
    if report.erreurs or dry_run:
        report.communes = {code for code, _, _, _ in rows}
        report.creees = sum(len(v) for v in new.values())
        return report
    motif = f"Import Mérimée {fichier[:120]}"
    with transaction(session):
        for code, fields, reference, _ in rows:
            row = index.get((code, reference))
            if row is None:
                _create(session, code, fields, auteur, report, motif, ref_merimee=reference)
                index[(code, reference)] = True
            elif row is True:
                report.inchangees += 1
            else:
                _update(session, row, {"protection": fields["protection"]}, auteur, report, motif)
            report.communes.add(code)
    return report
