"""French display formats for templates (numbers with narrow spaces, dates)."""

from __future__ import annotations

from flask import Flask

NNBSP = "\u202f"


def nombre(value: int | float | None, decimals: int = 0) -> str:
    """``173828`` → ``173 828``; ``1234.5`` → ``1 234,5``; None → « non renseigné »."""
    if value is None:
        return "non renseigné"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", NNBSP).replace(".", ",")


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
    "renouvellement_session": "fermeture de toutes les sessions",
    "mot_de_passe": "changement du mot de passe",
    "demande_mdp": "demande d'un nouveau mot de passe",
    "deverrouillage": "levée de la suspension des connexions",
    "revocation_invitation": "annulation d'une invitation",
    "cloture": "clôture",
    "renvoi": "nouvel envoi",
    "ouverture_lien": "ouverture du lien reçu par courriel",
}
# Where the same verb means different things in two areas, the full action wins.
FULL_ACTIONS = {"diagnostic:retrait": "Diagnostic : retrait d'un ajustement"}
KINDS = {
    "import": "Import",
    "compte": "Compte",
    "saisie": "Saisie",
    "candidature": "Candidature",
    "campagne": "Appel à candidatures",
    "plan": "Plan",
    "diagnostic": "Diagnostic",
    "courriel": "Courriel",
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


def register_filters(app: Flask) -> None:
    app.jinja_env.filters["de_commune"] = de_commune
    app.jinja_env.filters["nombre"] = nombre
    app.jinja_env.filters["action"] = action_label
    app.jinja_env.filters["etat"] = etat_label


def etat_label(code: str) -> str:
    """French label of an application state (``en_instruction`` → « En instruction »)."""
    from .domain.workflow import ETATS

    return ETATS.get(code, code)
