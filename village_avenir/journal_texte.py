"""Journal entries as French sentences for people: « État : brouillon → déposée »,
« Logements vacants connus : 7 », names instead of ids, Europe/Paris time.

One place for every history shown on a page (commune sheet, instruction, plans). The caller
chooses the author label (who may see whose name is a permission question, decided by the
view) and passes the French labels of the codes it knows (schemes, evidence levels,
protections, indicator data…): :func:`describe` only formats. The raw entry stays available
as :attr:`Ligne.technique` for engineers and administrators (shown in a <details> block).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .domain.nombres import format_nombre
from .domain.workflow import ETATS
from .formatting import action_label, heure_locale, local

__all__ = ["CHAMPS", "Ligne", "describe", "field_label", "format_value", "object_label"]

# French label of every field the services journal (keys of ``avant`` / ``apres``).
CHAMPS = {
    "etat": "État",
    "eligibilite": "Éligibilité au dépôt",
    "campagne": "Appel à candidatures",
    "decision_motif": "Motif de la décision",
    "echange": "Échange",
    "texte": "Texte",
    "actif": "Actif",
    "email": "Adresse électronique",
    "nom": "Nom",
    "role": "Rôle",
    "commune": "Commune",
    "expire_le": "Expire le",
    "statut": "Statut",
    "valeur": "Valeur",
    "indicateur": "Indicateur",
    "domaine": "Domaine",
    "score_retenu": "Score retenu",
    "score_calcule": "Score calculé",
    "ponderation": "Pondération",
    "catalogue": "Catalogue",
    "lignes": "Lignes",
    "deliberation": "Délibération jointe",
    "contact_nom": "Personne à contacter",
    "contact_fonction": "Fonction",
    "contact_email": "Adresse électronique de contact",
    "contact_telephone": "Téléphone de contact",
    "projet_titre": "Titre du projet",
    "projet_description": "Description du projet",
    "patrimoine": "Patrimoine",
    "protection": "Statut de protection",
    "cout": "Coût estimé",
    "logements_vacants": "Logements vacants connus",
    "logements_vacants_connus": "Logements vacants connus",
    "logement_projets": "Projets de logement",
    "services_existants": "Services existants",
    "services_perdus": "Services perdus",
    "programme": "Dispositif",
    "niveau_preuve": "Niveau de preuve",
    "source": "Source",
    "source_url": "Adresse de la source",
    "date_source": "Date de la source",
    "preuve": "Preuve",
    "budget": "Budget prévisionnel",
    "porteur": "Porteur",
    "horizon": "Horizon",
    "action": "Action",
    "emplacement": "Emplacement",
    "libelle": "Action",
    "annee": "Année",
    "population_annee": "Année de la population",
    "mairie": "Position de la mairie",
    "mairie_adresse": "Adresse de la mairie",
    "mairie_horaires": "Horaires de la mairie",
    "mairie_telephone": "Téléphone de la mairie",
    "mairie_email": "Adresse électronique de la mairie",
    "mairie_site": "Site de la mairie",
    "code_insee": "Code INSEE",
    "code_actuel": "Commune actuelle",
    "origine": "Origine",
    "population": "Population",
    "epci_code": "Intercommunalité",
    "epci_nom": "Intercommunalité",
}
VALEURS = {
    **{code: label.lower() for code, label in ETATS.items()},
    "eligible": "éligible",
    "non_eligible": "non éligible",
    "a_verifier": "à vérifier",
    "valide": "validée",
    "a_valider": "à valider",
    "commune": "commune",
    "ingenieur": "ingénieur du Département",
    "admin": "administrateur",
    "declaree": "déclarée par la commune",
    "evaluee": "évaluée par le Département",
    "importee": "importée d'un fichier officiel",
    "court": "court terme",
    "moyen": "moyen terme",
    "long": "long terme",
}
OBJETS = {
    "candidature": "la candidature",
    "plan": "le plan stratégique",
    "adhesion": "une adhésion",
    "commune": "la commune",
    "commune_deleguee": "une commune déléguée",
    "epci": "l'intercommunalité",
    "valeur_indicateur": "une donnée du diagnostic",
    "ajustement": "un ajustement de score",
    "utilisateur": "un compte",
    "invitation": "une invitation",
    "campagne": "un appel à candidatures",
    "ponderation": "la pondération",
    "instantane": "un instantané des scores",
    "patrimoine_element": "un élément de patrimoine",
    "patrimoine_visite": "une visite de patrimoine",
    "patrimoine_photo": "une photo de patrimoine",
}
MAX_TEXTE = 300
# Referential records: their creation by an import is listed without its many fields (the
# sheet shows the data itself); changes to them are detailed.
REFERENTIEL = frozenset({"commune", "commune_deleguee", "epci"})
# Internal keys: journaled for the record, meaningless to a reader (shown in « technique »).
CACHES = frozenset({"cle", "echange", "id"})


@dataclass(frozen=True)
class Ligne:
    """One journal entry, ready to print."""

    quand: str  # « 30/11/2026 à 14:05 », Paris time
    iso: str  # for <time datetime>
    auteur: str | None
    titre: str  # « Candidature : changement d'état »
    objet: str  # « le plan stratégique, version 3 »
    details: tuple[str, ...]  # « État : brouillon → déposée »
    motif: str | None
    technique: str  # the raw entry, for staff only


def field_label(key: str, labels: Mapping[str, str] | None = None) -> str:
    """French name of a journaled key or data id: the short built-in one first."""
    return _label(key, labels or {})


def _label(key: str, labels: Mapping[str, str]) -> str:
    return CHAMPS.get(key) or labels.get(key) or key.replace("_", " ").capitalize()


def format_value(value: Any, labels: Mapping[str, str] | None = None) -> str:
    """A journaled value in French: codes → labels, booleans → oui/non, numbers French,
    line breaks folded, long texts cut, lists and objects written out."""
    labels = labels or {}
    if value is None or value == "" or value == [] or value == {}:
        return "vide"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int | float):
        return format_nombre(value, 2)
    if isinstance(value, list):
        return " ; ".join(format_value(v, labels) for v in value)
    if isinstance(value, dict):
        parts = (f"{_label(k, labels)} : {format_value(v, labels)}" for k, v in value.items())
        return "(" + ", ".join(parts) + ")"
    text = str(value)
    if text in labels:
        return labels[text]
    if text in VALEURS:
        return VALEURS[text]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?", text):
        return heure_locale(datetime.fromisoformat(text.replace("Z", "+00:00")))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):  # a day (visit, state seen): JJ/MM/AAAA
        annee, mois, jour = text.split("-")
        return f"{jour}/{mois}/{annee}"
    text = " ".join(text.split())  # \r\n and runs of spaces
    return text if len(text) <= MAX_TEXTE else text[: MAX_TEXTE - 1] + "…"


def _load(raw: str | None) -> dict:
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        return {"valeur": raw}
    return data if isinstance(data, dict) else {"valeur": data}


def _secret(values: dict) -> dict:
    """A value under statistical secrecy is stored as 0 (never read): say « secret
    statistique » instead of that 0."""
    if values.get("statut") == "secret" and "valeur" in values:
        return {**values, "valeur": "secret statistique"}
    return values


def _details(avant: dict, apres: dict, labels: Mapping[str, str], valeur: str | None):
    """One line per changed key; ``valeur``: the name of what the key « valeur » measures."""
    lines = []
    for key in dict.fromkeys([*avant, *apres]):  # keeps the order, once each
        if key in CACHES:
            continue
        label = valeur if key == "valeur" and valeur else _label(key, labels)
        if key in avant and key in apres:
            if avant[key] != apres[key]:
                before, after = format_value(avant[key], labels), format_value(apres[key], labels)
                lines.append(f"{label} : {before} → {after}")
        elif key in apres:
            lines.append(f"{label} : {format_value(apres[key], labels)}")
        else:
            lines.append(f"{label} : {format_value(avant[key], labels)} (retiré)")
    return tuple(lines)


def object_label(objet: str, objet_id: str, labels: Mapping[str, str] | None = None) -> str:
    """« le plan stratégique, version 3 », « une adhésion : Action cœur de ville »; never a
    raw id or key (a name from ``labels`` when the caller knows it)."""
    labels = labels or {}
    base = OBJETS.get(objet, objet.replace("_", " "))
    if objet_id in labels:
        return f"{base} : {labels[objet_id]}"
    if objet == "plan" and (m := re.fullmatch(r"\S+ v(\d+)", objet_id)):
        return f"{base}, version {m.group(1)}"
    tail = objet_id.rsplit("/", 1)[-1] if "/" in objet_id else None
    if tail and tail in labels:
        return f"{base} : {labels[tail]}"
    return base


def describe(entry, auteur: str | None, labels: Mapping[str, str] | None = None) -> Ligne:
    """``entry``: a Journal row (quand, action, objet, objet_id, avant, apres, motif).
    ``auteur``: the label the viewer may see (None: no author shown). ``labels``: French
    names of codes, keys and ids the caller knows (they win over the built-in ones)."""
    labels = labels or {}
    avant, apres = _secret(_load(entry.avant)), _secret(_load(entry.apres))
    # A diagnosis figure: « Logements vacants connus : 7 » rather than « Valeur : 7 ».
    donnee = entry.objet_id.rsplit("/", 1)[-1] if entry.objet == "valeur_indicateur" else ""
    valeur = labels.get(donnee) or CHAMPS.get(donnee)
    technique = f"{entry.action} — {entry.objet} {entry.objet_id}"
    if entry.avant:
        technique += f" — avant : {entry.avant}"
    if entry.apres:
        technique += f" — après : {entry.apres}"
    return Ligne(
        quand=heure_locale(entry.quand),
        iso=local(entry.quand).isoformat(timespec="minutes"),
        auteur=auteur,
        titre=action_label(entry.action),
        objet=object_label(entry.objet, entry.objet_id, labels),
        details=()
        if entry.objet in REFERENTIEL and entry.action.endswith(":creation")
        else _details(avant, apres, labels, valeur),
        motif=" ".join(entry.motif.split()) if entry.motif else None,
        technique=technique,
    )
