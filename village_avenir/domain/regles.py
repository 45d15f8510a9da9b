"""Dated eligibility rules: evidence levels, schemes, dated programme lists, rules versions.

The parameter file (``data/parametres/eligibilite.toml``) holds one catalogue of schemes,
evidence levels and dated lists, and several **rules versions**. Each version says from when
it applies, at which date it judges eligibility (``date_appreciation``; none = the day of the
evaluation) and which dated list it reads for each scheme (``listes``): the 2021 rules read
the Petites villes de demain list of January 2021, the current rules the list of COG 2023.
:func:`rulebook_from_mapping` returns every version of the parsed file (read by
``village_avenir/parametres.py``); :func:`rules_from_mapping` the current one. Each version
block has the format of every parameter file (``code``, ``en_vigueur_depuis``, ``reference``:
see ``versions.py``).

An older file with a single ``[version]`` table still loads (one version, no lists).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .versions import VersionInvalide, parse_version

__all__ = [
    "EvidenceLevel",
    "Liste",
    "ReglesInvalides",
    "RuleBook",
    "Rules",
    "Scheme",
    "rulebook_from_mapping",
    "rules_from_mapping",
]


class ReglesInvalides(ValueError):
    """``eligibilite.toml`` (the rules) is missing a field or holds an inconsistent value."""


@dataclass(frozen=True)
class EvidenceLevel:
    code: str
    libelle: str
    certain: bool
    pour_trancher: str = ""  # what would settle a doubtful membership at this level
    # A press or web item at this level settles nothing without its date: undated, it makes
    # the commune « à vérifier » instead of excluding it (see eligibilite.is_certain).
    datee_requise: bool = False


@dataclass(frozen=True)
class Scheme:
    """A revitalisation scheme (dispositif); ``exclut`` False = shown as information only."""

    code: str
    libelle: str
    porteur: str
    exclut: bool
    liste_complete: bool
    reference: str
    reserve: str = ""  # caveat carried by an « éligible » headline when the list is partial


@dataclass(frozen=True)
class Liste:
    """A dated list of a scheme's members, as published by its source."""

    code: str
    dispositif: str
    libelle: str
    date: date
    source: str
    source_url: str | None = None

    @property
    def date_libelle(self) -> str:
        return self.date.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Rules:
    version: str
    en_vigueur_depuis: date
    reference: str
    schemes: tuple[Scheme, ...]
    levels: Mapping[str, EvidenceLevel]
    population_max: int | None = None
    population_min: int | None = None
    date_appreciation: date | None = None
    listes: Mapping[str, Liste] = field(default_factory=dict)  # scheme code -> list used
    catalogue_listes: Mapping[str, Liste] = field(default_factory=dict)  # every known list
    lecture: str = ""
    pour_trancher_non_datee: str = ""  # what would settle an undated press item

    def scheme(self, code: str) -> Scheme | None:
        return next((s for s in self.schemes if s.code == code), None)


@dataclass(frozen=True)
class RuleBook:
    """Every rules version of the file, oldest first."""

    versions: tuple[Rules, ...]

    @property
    def current(self) -> Rules:
        """The rules that judge today: the latest version without a fixed date of judgement
        (a version dated for a session, e.g. 2024, serves the campaigns that name it); the
        latest version when every one is dated."""
        undated = [r for r in self.versions if r.date_appreciation is None]
        return max(undated or self.versions, key=lambda r: r.en_vigueur_depuis)

    def version(self, code: str) -> Rules | None:
        return next((r for r in self.versions if r.version == code), None)


def rules_from_mapping(data: Mapping[str, Any]) -> Rules:
    """The current :class:`Rules` of the parsed parameter file (see eligibilite.toml)."""
    return rulebook_from_mapping(data).current


def _catalogue(data: Mapping[str, Any]):
    settle = data.get("pour_trancher", {})
    levels = {
        code: EvidenceLevel(
            code,
            str(v["libelle"]),
            bool(v["certain"]),
            str(settle.get(code, "")),
            bool(v.get("datee_requise", False)),
        )
        for code, v in data["niveaux_preuve"].items()
    }
    schemes = tuple(
        Scheme(
            code=str(s["code"]),
            libelle=str(s["libelle"]),
            porteur=str(s.get("porteur", "")),
            exclut=bool(s.get("exclut", True)),
            liste_complete=bool(s.get("liste_complete", True)),
            reference=str(s["reference"]),
            reserve=str(s.get("reserve", "")),
        )
        for s in data["dispositifs"]
    )
    listes = {
        str(x["code"]): Liste(
            code=str(x["code"]),
            dispositif=str(x["dispositif"]),
            libelle=str(x["libelle"]),
            date=x["date"],
            source=str(x["source"]),
            source_url=x.get("source_url"),
        )
        for x in data.get("listes", [])
    }
    return levels, schemes, listes


def _version(
    v: Mapping[str, Any], seuils, levels, schemes, listes, lecture, ou: str, non_datee: str = ""
) -> Rules:
    bloc = parse_version(v, ou)
    chosen = {}
    for scheme_code, liste_code in dict(v.get("listes", {})).items():
        liste = listes.get(liste_code)
        if liste is None or liste.dispositif != scheme_code:
            raise ReglesInvalides(
                f"Fichier de règles : la version {v['code']} nomme une liste inconnue "
                f"« {liste_code} » pour le dispositif « {scheme_code} »."
            )
        chosen[scheme_code] = liste
    return Rules(
        version=bloc.code,
        en_vigueur_depuis=bloc.en_vigueur_depuis,
        reference=bloc.reference,
        schemes=schemes,
        levels=levels,
        population_max=seuils.get("population_max"),
        population_min=seuils.get("population_min"),
        date_appreciation=v.get("date_appreciation"),
        listes=chosen,
        catalogue_listes=listes,
        lecture=lecture,
        pour_trancher_non_datee=non_datee,
    )


def rulebook_from_mapping(data: Mapping[str, Any]) -> RuleBook:
    """Build the :class:`RuleBook` from the parsed parameter file."""
    try:
        levels, schemes, listes = _catalogue(data)
        seuils = data.get("seuils", {})
        lecture = str(data.get("lecture", ""))
        ou = "[[versions]]" if data.get("versions") else "[version]"
        raw_versions = data.get("versions") or [data.get("version")]
        non_datee = str(data.get("pour_trancher", {}).get("preuve_non_datee", ""))
        versions = tuple(
            _version(v, seuils, levels, schemes, listes, lecture, ou, non_datee)
            for v in raw_versions
        )
    except VersionInvalide as exc:
        raise ReglesInvalides(f"Fichier de règles : {exc}") from exc
    except (KeyError, TypeError, AttributeError) as exc:
        raise ReglesInvalides(
            f"Fichier de règles incomplet : champ manquant ou invalide ({exc})."
        ) from exc
    if len({s.code for s in schemes}) != len(schemes):
        raise ReglesInvalides("Fichier de règles : un code de dispositif apparaît deux fois.")
    if len({v.version for v in versions}) != len(versions):
        raise ReglesInvalides("Fichier de règles : un code de version apparaît deux fois.")
    return RuleBook(versions)
