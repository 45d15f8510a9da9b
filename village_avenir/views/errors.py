"""Error pages and JSON errors in French: never a traceback, never an English default page."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..domain.refus import Refus
from .refus import status_of

TITRES = {
    400: "Requête invalide",
    403: "Accès refusé",
    404: "Page introuvable",
    405: "Méthode non autorisée",
    413: "Fichier trop volumineux",
    429: "Trop de requêtes",
    500: "Erreur interne",
}
MESSAGES = {
    400: "La requête n'a pas pu être comprise.",
    403: "Vous n'avez pas accès à cette page.",
    404: "La page demandée n'existe pas.",
    405: "Cette action n'est pas possible sur cette page.",
    413: "Le fichier envoyé dépasse la taille autorisée.",
    429: "Trop de requêtes en peu de temps : attendez une minute puis réessayez.",
    500: "Une erreur inattendue s'est produite. Rien n'a été enregistré ; réessayez plus tard.",
}


def _respond(code: int, message: str):
    if request.path.startswith("/api/"):
        return jsonify(
            {"erreur": {"code": code, "titre": TITRES.get(code, "Erreur"), "message": message}}
        ), code
    return render_template(
        "erreur.html", code=code, titre=TITRES.get(code, "Erreur"), message=message
    ), code


FORMULAIRE_TROP_GROS = (
    "Le formulaire envoyé est trop volumineux : un texte dépasse 500 000 caractères ou le "
    "formulaire compte plus de 1 000 champs. Rien n'a été enregistré : revenez à la page "
    "précédente, où votre saisie est encore, raccourcissez le texte puis enregistrez."
)


def _too_large_message() -> str:
    """413 for the whole request (a file) or for a form field / the number of fields
    (werkzeug's MAX_FORM_MEMORY_SIZE and MAX_FORM_PARTS): the user must know which."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    length = request.content_length
    if limit and length and length > limit:
        return MESSAGES[413]
    return FORMULAIRE_TROP_GROS


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        return _respond(
            400,
            "Le formulaire a expiré ou n'est pas authentique (jeton CSRF). "
            "Rechargez la page : ce que vous aviez saisi n'a pas été enregistré.",
        )

    @app.errorhandler(Refus)
    def refusal(exc: Refus):
        # The one answer to a refusal no view caught to show its form again: its class's status
        # and its French message, as an error page (JSON under /api/).
        return _respond(status_of(exc), str(exc))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        code = exc.code or 500
        # Werkzeug's default descriptions are in English: keep ours unless a view set one.
        custom = exc.description if exc.description != type(exc).description else None
        if code == 413 and custom is None:
            return _respond(code, _too_large_message())
        return _respond(code, custom or MESSAGES.get(code, "Erreur."))

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.exception("Erreur inattendue")
        return _respond(500, MESSAGES[500])
