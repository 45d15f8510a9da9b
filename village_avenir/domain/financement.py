"""The *plan de financement prévisionnel* of a fiche-action: funders, rates, the commune's share.

Pure: the rules and rates come from ``data/parametres/financements.toml`` (read by
``parametres.load_parametres("financements")``), checked by :func:`financements_from_mapping`.

Rules (each with its source in the file):

- the operation's amount is shared between funders' lines (a rate in whole percent of the
  amount, capped by the funder's ceiling in euros when it has one) and the commune's own share,
  which is the rest: the sum is exact by construction and shown;
- total aid (public and private) never exceeds ``plafond_aides`` % of the amount (décret
  2018-514);
- the commune's own share (its funds and its loans: a loan is not an aid) is at least
  ``participation_minimale`` % of all *public* funding of the project, its own share included
  (CGCT L1111-10 III). Private funds (Fondation du patrimoine, gifts) are outside that base. The
  préfet may waive the rule (protected monuments, calamities): a written ``derogation`` turns the
  refusal into a warning that names it;
- a rate above the highest one found for the funder is a warning (not a refusal): the
  engineer may know better, the page says so;
- FCTVA is a later recovery on the expense, shown apart, never a line of the plan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .refus import Refus
from .versions import VersionParametres, parse_version

__all__ = [
    "Financeur",
    "FinancementInvalide",
    "LigneCalculee",
    "ParametresFinancement",
    "PlanFinancement",
    "compute_financement",
    "financements_from_mapping",
    "propose_lignes",
    "without_urls",
]


class FinancementInvalide(Refus, ValueError):
    """A financing plan or parameter file that cannot be used (message in French)."""


@dataclass(frozen=True)
class Financeur:
    code: str
    libelle: str
    public: bool
    taux_defaut: int
    taux_max: int
    source: str
    annee: int
    plafond: int | None = None
    pret: bool = False
    conseil: bool = False


@dataclass(frozen=True)
class ParametresFinancement:
    version: VersionParametres
    participation_minimale: int
    participation_source: str
    plafond_aides: int
    plafond_source: str
    fctva_taux: float
    fctva_source: str
    financeurs: dict[str, Financeur]


@dataclass(frozen=True)
class LigneCalculee:
    financeur: Financeur
    taux: int
    montant: int
    plafonne: bool


@dataclass(frozen=True)
class PlanFinancement:
    montant: int
    lignes: tuple[LigneCalculee, ...]
    aides_publiques: int
    fonds_prives: int
    prets: int
    part_commune: int
    part_minimale: int
    fctva: int
    erreurs: tuple[str, ...]
    avertissements: tuple[str, ...]

    @property
    def valide(self) -> bool:
        return not self.erreurs

    @property
    def total(self) -> int:
        return sum(x.montant for x in self.lignes if not x.financeur.pret) + self.part_commune


def _entier(value: Any, what: str, lo: int = 0, hi: int = 100) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise FinancementInvalide(f"{what} doit être un nombre entier de {lo} à {hi}.")
    return value


def _texte(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FinancementInvalide(f"{what} doit être un texte non vide.")
    return value.strip()


def financements_from_mapping(data: Mapping[str, Any]) -> ParametresFinancement:
    """Check the parsed ``financements.toml`` (French message naming the faulty entry)."""
    version = parse_version(data.get("version"))
    regles = data.get("regles")
    if not isinstance(regles, Mapping):
        raise FinancementInvalide("Bloc [regles] manquant.")
    fctva = regles.get("fctva_taux")
    if isinstance(fctva, bool) or not isinstance(fctva, int | float) or not 0 <= fctva < 100:
        raise FinancementInvalide("[regles] fctva_taux doit être un pourcentage de 0 à 100.")
    financeurs: dict[str, Financeur] = {}
    for i, f in enumerate(data.get("financeurs") or [], 1):
        ou = f"[[financeurs]] n° {i}"
        code = _texte(f.get("code"), f"{ou} : code")
        if code in financeurs:
            raise FinancementInvalide(f"{ou} : financeur « {code} » en double.")
        taux_max = _entier(f.get("taux_max"), f"{ou} ({code}) : taux_max")
        taux_defaut = _entier(f.get("taux_defaut"), f"{ou} ({code}) : taux_defaut")
        if taux_defaut > taux_max:
            raise FinancementInvalide(f"{ou} ({code}) : taux_defaut dépasse taux_max.")
        plafond = f.get("plafond")
        if plafond is not None:
            plafond = _entier(plafond, f"{ou} ({code}) : plafond", 1, 100_000_000)
        financeurs[code] = Financeur(
            code=code,
            libelle=_texte(f.get("libelle"), f"{ou} : libelle"),
            public=bool(f.get("public", True)),
            taux_defaut=taux_defaut,
            taux_max=taux_max,
            source=_texte(f.get("source"), f"{ou} ({code}) : source"),
            annee=_entier(f.get("annee"), f"{ou} ({code}) : annee", 1990, 2100),
            plafond=plafond,
            pret=bool(f.get("pret", False)),
            conseil=bool(f.get("conseil", False)),
        )
    if not financeurs:
        raise FinancementInvalide("Aucun financeur ([[financeurs]]).")
    return ParametresFinancement(
        version=version,
        participation_minimale=_entier(
            regles.get("participation_minimale"), "[regles] participation_minimale"
        ),
        participation_source=_texte(regles.get("participation_source"), "participation_source"),
        plafond_aides=_entier(regles.get("plafond_aides"), "[regles] plafond_aides"),
        plafond_source=_texte(regles.get("plafond_source"), "plafond_source"),
        fctva_taux=float(fctva),
        fctva_source=_texte(regles.get("fctva_source"), "fctva_source"),
        financeurs=financeurs,
    )


_URL = re.compile(r"\s*\(?https?://[^\s);]+\)?")


def without_urls(text: str) -> str:
    """A source's words without its web addresses (pages); the PDF keeps them whole."""
    return re.sub(r"\(\s*\)|\s+(?=[,.)])", "", _URL.sub("", text)).strip().rstrip(" ;")


def _pct(value: float) -> str:
    text = f"{value:.1f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


def compute_financement(
    montant: int,
    lignes: Iterable[tuple[str, int]],
    params: ParametresFinancement,
    derogation: str = "",
) -> PlanFinancement:
    """The financing plan of an operation of ``montant`` euros with ``lignes`` (funder code,
    rate in %), checked against the rules (``erreurs`` refuse, ``avertissements`` inform)."""
    if montant < 0:
        raise FinancementInvalide("Le montant de l'opération ne peut pas être négatif.")
    erreurs: list[str] = []
    avert: list[str] = []
    calc: list[LigneCalculee] = []
    seen: set[str] = set()
    for code, taux in lignes:
        f = params.financeurs.get(code)
        if f is None:
            erreurs.append(f"Financeur inconnu « {code} ».")
            continue
        if code in seen:
            erreurs.append(f"{f.libelle} figure deux fois au plan de financement.")
            continue
        seen.add(code)
        if not 0 <= taux <= 100:
            erreurs.append(f"{f.libelle} : un taux va de 0 à 100 %.")
            continue
        if f.conseil and taux:
            erreurs.append(f"{f.libelle} apporte du conseil, pas de financement : taux 0 %.")
            continue
        if taux > f.taux_max:
            avert.append(
                f"{f.libelle} : {taux} % dépasse le plus haut taux trouvé ({f.taux_max} %, "
                f"{f.annee}) ; à confirmer avec le financeur."
            )
        brut = round(montant * taux / 100)
        plafonne = f.plafond is not None and brut > f.plafond
        calc.append(LigneCalculee(f, taux, min(brut, f.plafond) if plafonne else brut, plafonne))
    aides_publiques = sum(x.montant for x in calc if x.financeur.public and not x.financeur.pret)
    fonds_prives = sum(x.montant for x in calc if not x.financeur.public)
    prets = sum(x.montant for x in calc if x.financeur.pret)
    part_commune = montant - aides_publiques - fonds_prives
    if aides_publiques + fonds_prives > montant * params.plafond_aides / 100:
        erreurs.append(
            f"Les aides ({aides_publiques + fonds_prives} €) dépassent {params.plafond_aides} % "
            f"du montant de l'opération ({montant} €) — {params.plafond_source}."
        )
    if prets > max(part_commune, 0):
        erreurs.append("Les prêts dépassent la part de la commune qu'ils financent.")
    # CGCT L1111-10: own share >= p % of (public aid + own share).
    p = params.participation_minimale
    part_minimale = -(-aides_publiques * p // (100 - p)) if p < 100 else montant
    if part_commune < part_minimale and montant > 0:
        base = aides_publiques + max(part_commune, 0)
        reel = 100 * max(part_commune, 0) / base if base else 0
        message = (
            f"La part de la commune ({_pct(reel)} % des financements publics) est sous le "
            f"minimum légal de {p} % ({params.participation_source})"
        )
        if derogation.strip():
            avert.append(f"{message} : dérogation indiquée — {derogation.strip()}.")
        else:
            erreurs.append(
                f"{message} : réduisez les aides, ou indiquez la dérogation accordée par le préfet."
            )
    fctva = round(montant * params.fctva_taux / 100)
    return PlanFinancement(
        montant=montant,
        lignes=tuple(calc),
        aides_publiques=aides_publiques,
        fonds_prives=fonds_prives,
        prets=prets,
        part_commune=part_commune,
        part_minimale=part_minimale,
        fctva=fctva,
        erreurs=tuple(erreurs),
        avertissements=tuple(avert),
    )


def propose_lignes(codes: Iterable[str], params: ParametresFinancement) -> list[tuple[str, int]]:
    """The default lines for an action's possible funders: each funder at its default rate, in
    the catalogue's order, public aid stopped where the commune's legal minimum share begins
    (the last line lowered to fit). Funders without a rate found (0 %), advisers and loans are
    left out: the engineer adds them."""
    p = params.participation_minimale
    prive = 0
    lignes: list[tuple[str, int]] = []
    for code in codes:
        f = params.financeurs.get(code)
        if f is not None and not f.public and f.taux_defaut and not f.conseil:
            prive += f.taux_defaut
    room_public = (100 - min(prive, 100)) * (100 - p) // 100
    for code in codes:
        f = params.financeurs.get(code)
        if f is None or f.conseil or f.pret or not f.taux_defaut:
            continue
        if not f.public:
            lignes.append((code, f.taux_defaut))
            continue
        taux = min(f.taux_defaut, room_public)
        if taux <= 0:
            continue
        lignes.append((code, taux))
        room_public -= taux
    return lignes
