"""The application file (dossier de candidature): parameters, completeness and the figures
it declares. Pure: the content is the plain dict of what the commune typed (strings).

Content keys: ``contact_nom``, ``contact_fonction``, ``contact_email``,
``contact_telephone``, ``projet_titre``, ``projet_description``, ``patrimoine`` (list of
``{nom, protection, etat, cout}``), ``logements_vacants``, ``logement_projets``,
``services_existants``, ``services_perdus`` (one service per line).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .nombres import format_nombre, parse_entier, parse_montant
from .versions import VersionInvalide, parse_version

__all__ = [
    "DeclaredValue",
    "ParametresCandidatureInvalides",
    "ParametresCandidature",
    "declared_from",
    "is_pdf",
    "invalid_choices",
    "missing_items",
    "oversized",
    "parametres_candidature_from_mapping",
    "patrimoine_items",
]

PDF_MAGIC = b"%PDF-"
MIN_DESCRIPTION = 100


class ParametresCandidatureInvalides(ValueError):
    """``candidature.toml`` is malformed. ``parametres.load_parametres`` turns it, like every
    file's own refusal, into :class:`~village_avenir.parametres.ParametresInvalides`, which
    names the path."""


@dataclass(frozen=True)
class ParametresCandidature:
    version: str
    taille_max: int
    protections: dict[str, str]  # code -> French label
    proteges: frozenset[str]  # protection codes counted as « protected »
    etats_conservation: dict[str, str]
    pages_max: int = 100  # pages of the deliberation


@dataclass(frozen=True)
class DeclaredValue:
    """A figure declared by the commune in its application, for the diagnosis."""

    indicateur: str
    valeur: float
    annee: int
    source: str


def parametres_candidature_from_mapping(data: Mapping[str, Any]) -> ParametresCandidature:
    """Check the parsed ``candidature.toml`` (read by ``village_avenir/parametres.py``)."""
    try:
        protections = data["protections"]
        return ParametresCandidature(
            version=parse_version(data.get("version")).code,
            taille_max=int(data["deliberation"]["taille_max"]),
            protections={k: str(v["libelle"]) for k, v in protections.items()},
            proteges=frozenset(k for k, v in protections.items() if v.get("protege")),
            etats_conservation={k: str(v) for k, v in data["etats_conservation"].items()},
            pages_max=int(data["deliberation"].get("pages_max", 100)),
        )
    except VersionInvalide as exc:
        raise ParametresCandidatureInvalides(
            f"Paramètres de candidature invalides : {exc}"
        ) from exc
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ParametresCandidatureInvalides(
            f"Paramètres de candidature invalides ({exc})."
        ) from exc


def is_pdf(data: bytes) -> bool:
    """True when the bytes start like a PDF file (the name and declared type are ignored)."""
    return data[:1024].lstrip(b"\r\n\t \x00").startswith(PDF_MAGIC)


# Length limits of every stored text, checked at EVERY save (a draft may be incomplete, not
# unbounded); the form's validators use the same figures for their messages at deposit.
TEXT_LIMITS = {
    "contact_nom": 200,
    "contact_fonction": 200,
    "contact_email": 254,
    "contact_telephone": 200,
    "projet_titre": 200,
    "projet_description": 20_000,
    "logements_vacants": 200,
    "logement_projets": 10_000,
    "services_existants": 5_000,
    "services_perdus": 5_000,
}
ITEM_LIMITS = {"nom": 200, "protection": 200, "etat": 200, "cout": 200}
LABELS = {
    "contact_nom": "Personne à contacter",
    "contact_fonction": "Fonction",
    "contact_email": "Adresse électronique",
    "contact_telephone": "Téléphone",
    "projet_titre": "Titre du projet",
    "projet_description": "Le projet en quelques paragraphes",
    "logements_vacants": "Logements vacants connus",
    "logement_projets": "Projets de logement",
    "services_existants": "Services présents dans la commune",
    "services_perdus": "Services disparus",
    "nom": "nom",
    "protection": "statut de protection",
    "etat": "état de conservation",
    "cout": "coût estimé",
}


def oversized(contenu: dict, max_items: int = 30) -> list[str]:
    """French messages for each text of the draft over its limit (empty list: all fine)."""
    problems = []
    for key, maximum in TEXT_LIMITS.items():
        length = len(str(contenu.get(key) or ""))
        if length > maximum:
            problems.append(
                f"« {LABELS[key]} » compte {format_nombre(length)} caractères, {format_nombre(maximum)} au plus"
            )
    items = contenu.get("patrimoine") or []
    if len(items) > max_items:
        problems.append(f"{len(items)} bâtiments ou sites, {max_items} au plus")
    for n, item in enumerate(items[:max_items], start=1):
        for key, maximum in ITEM_LIMITS.items():
            length = len(str((item or {}).get(key) or "")) if isinstance(item, dict) else 0
            if length > maximum:
                problems.append(
                    f"Patrimoine n° {n}, {LABELS[key]} : {format_nombre(length)} caractères, "
                    f"{format_nombre(maximum)} au plus"
                )
    unknown = set(contenu) - set(TEXT_LIMITS) - {"patrimoine"}
    if unknown:
        problems.append("Champs inconnus : " + ", ".join(sorted(unknown)[:5]))
    return problems


def _filled(value: Any) -> bool:
    return bool(str(value or "").strip())


def _lines(text: Any) -> list[str]:
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


def patrimoine_items(contenu: dict) -> list[dict]:
    items = contenu.get("patrimoine") or []
    return [i for i in items if isinstance(i, dict) and any(_filled(v) for v in i.values())]


def missing_items(contenu: dict, has_deliberation: bool) -> list[str]:
    """What the application still lacks before it can be deposited, in French."""
    missing = []
    for key, libelle in [
        ("contact_nom", "le nom de la personne à contacter"),
        ("contact_email", "l'adresse électronique de contact"),
        ("contact_telephone", "le téléphone de contact"),
        ("projet_titre", "le titre du projet"),
        ("services_existants", "les services présents dans la commune"),
    ]:
        if not _filled(contenu.get(key)):
            missing.append(libelle.capitalize())
    if len(str(contenu.get("projet_description") or "").strip()) < MIN_DESCRIPTION:
        missing.append(
            f"La description du projet (au moins {MIN_DESCRIPTION} caractères, "
            "en quelques paragraphes)"
        )
    if parse_entier(contenu.get("logements_vacants")) is None:
        missing.append("Le nombre de logements vacants connus (un nombre entier, 0 si aucun)")
    items = patrimoine_items(contenu)
    if not items:
        missing.append("Au moins un bâtiment ou site du patrimoine")
    for n, item in enumerate(items, start=1):
        if not all(_filled(item.get(k)) for k in ("nom", "protection", "etat", "cout")):
            missing.append(f"Patrimoine n° {n} : nom, protection, état et coût sont requis")
        elif parse_montant(item.get("cout")) is None:
            missing.append(f"Patrimoine n° {n} : le coût estimé doit être un montant en euros")
    if not has_deliberation:
        missing.append("La délibération du conseil municipal (PDF)")
    return missing


def invalid_choices(contenu: dict, parametres: ParametresCandidature) -> list[str]:
    """French messages for heritage entries whose protection or condition is not one of the
    parameters' choices (a draft may hold anything; a deposit may not)."""
    problems = []
    for n, item in enumerate(patrimoine_items(contenu), start=1):
        protection, etat = str(item.get("protection") or ""), str(item.get("etat") or "")
        if protection and protection not in parametres.protections:
            problems.append(f"Patrimoine n° {n} : choisissez le statut de protection dans la liste")
        if etat and etat not in parametres.etats_conservation:
            problems.append(f"Patrimoine n° {n} : choisissez l'état de conservation dans la liste")
    return problems


# Conditions of conservation (data/parametres/candidature.toml) that call for restoration.
A_RESTAURER = frozenset({"mauvais", "peril"})


def declared_from(
    contenu: dict, parametres: ParametresCandidature, annee: int, source: str
) -> list[DeclaredValue]:
    """Figures the commune declared: vacant dwellings, protected buildings, lost services.

    Only well-formed figures are returned (a draft may hold anything).
    """
    values = []
    vacants = parse_entier(contenu.get("logements_vacants"))
    if vacants is not None:
        values.append(DeclaredValue("logements_vacants_connus", float(vacants), annee, source))
    items = patrimoine_items(contenu)
    if items:
        proteges = sum(1 for i in items if i.get("protection") in parametres.proteges)
        values.append(DeclaredValue("batiments_proteges", float(proteges), annee, source))
        # Non-protected buildings in poor condition: the diagnosis's « petit patrimoine à
        # restaurer » (protected ones are counted from the official Mérimée base instead).
        a_restaurer = sum(
            1
            for i in items
            if i.get("protection") not in parametres.proteges and i.get("etat") in A_RESTAURER
        )
        values.append(
            DeclaredValue("petit_patrimoine_a_restaurer", float(a_restaurer), annee, source)
        )
        couts = [parse_montant(i.get("cout")) for i in items]
        if all(c is not None for c in couts):
            values.append(DeclaredValue("cout_patrimoine_estime", sum(couts), annee, source))
    if _filled(contenu.get("services_existants")) or _filled(contenu.get("services_perdus")):
        perdus = float(len(_lines(contenu.get("services_perdus"))))
        values.append(DeclaredValue("services_perdus", perdus, annee, source))
    return values
