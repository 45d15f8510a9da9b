"""French display formats for templates (numbers with narrow spaces, dates)."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask

from .domain.dates import as_utc
from .domain.nombres import format_nombre

PARIS = ZoneInfo("Europe/Paris")


def local(value: datetime) -> datetime:
    """A stored time (UTC, naive ones are UTC too) in Europe/Paris."""
    return as_utc(value).astimezone(PARIS)


def date_locale(value: datetime | date | None) -> str:
    """``30/11/2026`` (the day in Paris for a time); None → « date inconnue »."""
    if value is None:
        return "date inconnue"
    if isinstance(value, datetime):
        value = local(value)
    return value.strftime("%d/%m/%Y")


def heure_locale(value: datetime | None) -> str:
    """``30/11/2026 à 14:05``, Paris time (summer and winter)."""
    if value is None:
        return "date inconnue"
    return local(value).strftime("%d/%m/%Y à %H:%M")


def pluriel(n: int | float, singulier: str, pluriel: str) -> str:
    """French agreement: the singular for 0 and 1 (« 0 action », « 1 action », « 2 actions »)."""
    return singulier if abs(n) < 2 else pluriel


def compte(n: int | float | None, singulier: str, pluriel_: str | None = None) -> str:
    """``compte(3, "action")`` → « 3 actions »; integers never get decimals."""
    n = n or 0
    mot = pluriel(n, singulier, pluriel_ or singulier + "s")
    return f"{format_nombre(n, 1)} {mot}"


# French labels of journal actions ("<kind>:<what>"); unknown ones are shown as they are.
ACTIONS = {
    "creation": "création",
    "modification": "modification",
    "suppression": "suppression",
    "connexion": "connexion",
    "confirmation": "confirmation",
    "retrait": "retrait",
    "proposition": "proposition",
    "ajout": "ajout d'une action",
    "deplacement": "changement d'horizon",
    "placement": "placement sur la carte",
    "invitation": "invitation",
    "transition": "changement d'état",
    "decision": "décision",
    "note": "note interne",
    "message": "message à la commune",
    "reponse": "réponse de la commune",
    "declaration": "déclaration d'une valeur",
    "evaluation": "évaluation d'une valeur",
    "validation": "validation d'une valeur",
    "ajustement": "ajustement d'un score",
    "instantane": "instantané des scores",
    "ponderation": "nouvelle pondération",
    "avis": "avis de l'ingénieur",
    "seance": "préparation de la séance",
    "arret": "dossier de séance arrêté",
    "ajournement": "ajournement en séance",
    "valeur_non_reprise": "valeur déclarée non reprise au diagnostic",
    "mot_de_passe": "choix du mot de passe",
    "renouvellement_session": "déconnexion de tous les appareils",
    "ouverture_session": "connexion d'un appareil",
    "fermeture_session": "déconnexion de cet appareil",
    "import-base": "restauration d'une sauvegarde",
    "demande_mdp": "demande d'un nouveau mot de passe",
    "deverrouillage": "levée de la suspension des connexions",
    "revocation_invitation": "annulation d'une invitation",
    "cloture": "clôture",
    "renvoi": "nouvel envoi",
    "ouverture_lien": "ouverture du lien reçu par courriel",
}
# Where the same verb means different things in two areas, the full action wins.
FULL_ACTIONS = {
    "diagnostic:retrait": "Diagnostic : retrait d'un ajustement",
    "patrimoine:validation": "Patrimoine : validation d'un élément déclaré",
    "patrimoine:refus": "Patrimoine : refus d'un élément déclaré",
    "patrimoine:import": "Patrimoine : import d'un inventaire",
    "patrimoine:visite": "Patrimoine : visite sur place",
    "patrimoine:photo": "Patrimoine : photo ajoutée",
    # projet stratégique (services/plans/fiches.py, validation.py, suivi.py)
    "plan:validation": "Plan : validation du projet stratégique",
    "plan:projet": "Plan : enjeux et orientations du projet",
    "plan:fiche": "Plan : fiche-action",
    "plan:deliberation": "Plan : délibération du conseil municipal",
    "plan:statut": "Plan : statut d'une action",
    "plan:statut_propose": "Plan : statut d'une action proposé par la commune",
    "plan:statut_decision": "Plan : décision sur un statut proposé",
    "plan:revue": "Plan : revue annuelle",
}
KINDS = {
    "import": "Import",
    "compte": "Compte",
    "saisie": "Saisie",
    "candidature": "Candidature",
    "campagne": "Appel à candidatures",
    "plan": "Plan",
    "diagnostic": "Diagnostic",
    "courriel": "Courriel",
    "commission": "Commission de sélection",
    "patrimoine": "Patrimoine",
    "systeme": "Système",
}


def action_label(action: str) -> str:
    """``import:creation`` → ``Import : création``."""
    if action in FULL_ACTIONS:
        return FULL_ACTIONS[action]
    kind, _, what = action.partition(":")
    if not what:
        return KINDS.get(kind, kind)
    return f"{KINDS.get(kind, kind.capitalize())} : {ACTIONS.get(what, what)}"


VOYELLES = "AEIOUYÂÊÎÔÛÉÈËÏÜŒ"


def de_commune(nom: str) -> str:
    """« de » before a commune name, French style: « d'Albas », « du Vigan » (Le Vigan),
    « des Quatre-Routes » (Les …), « de Cahors »."""
    if nom.startswith("Le "):
        return "du " + nom[3:]
    if nom.startswith("Les "):
        return "des " + nom[4:]
    if nom[:1].upper() in VOYELLES:
        return "d'" + nom
    return "de " + nom


_COLONNE = re.compile(r"\s*\(colonne [A-Za-z_]+\)|,\s*colonne id_[A-Za-z_]+")
_COG = re.compile(r"\bCOG\b")


def sans_jargon(texte: str | None) -> str:
    """A source's wording for people: « au COG 2023 (colonne id_acv) » → « au code officiel
    géographique 2023 » (no column name, no acronym a mayor cannot read; issue 23 n° 11)."""
    return _COG.sub("code officiel géographique", _COLONNE.sub("", texte or ""))


def _finalize(value):
    """Every plain text a template prints goes through ``sans_jargon``: source wordings come
    from data files (programmes, populations, diagnosis) on many pages. Markup (form fields,
    safe HTML) is left alone, so nothing typed is ever rewritten when saved."""
    return sans_jargon(value) if type(value) is str else value


def register_filters(app: Flask) -> None:
    app.jinja_env.finalize = _finalize
    app.jinja_env.filters["de_commune"] = de_commune
    app.jinja_env.filters["sans_jargon"] = sans_jargon
    app.jinja_env.filters["nombre"] = format_nombre
    app.jinja_env.filters["action"] = action_label
    app.jinja_env.filters["etat"] = etat_label
    app.jinja_env.filters["date_locale"] = date_locale
    app.jinja_env.filters["heure_locale"] = heure_locale
    app.jinja_env.filters["pluriel"] = pluriel
    app.jinja_env.filters["compte"] = compte


def etat_label(code: str) -> str:
    """French label of an application state (``en_instruction`` → « En instruction »)."""
    from .domain.workflow import ETATS

    return ETATS.get(code, code)
