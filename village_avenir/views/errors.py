"""Error pages and JSON errors in French: never a traceback, never an English default page."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

TITRES = {
    400: "Requête invalide",
    403: "Accès refusé",
    404: "Page introuvable",
    405: "Méthode non autorisée",
    413: "Fichier trop volumineux",
    500: "Erreur interne",
}
MESSAGES = {
    400: "La requête n'a pas pu être comprise.",
    403: "Vous n'avez pas accès à cette page.",
    404: "La page demandée n'existe pas.",
    405: "Cette action n'est pas possible sur cette page.",
    413: "Le fichier envoyé dépasse la taille autorisée.",
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


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        return _respond(
            400,
            "Le formulaire a expiré ou n'est pas authentique (jeton CSRF). "
            "Rechargez la page : ce que vous aviez saisi n'a pas été enregistré.",
        )

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        code = exc.code or 500
        # Werkzeug's default descriptions are in English: keep ours unless a view set one.
        custom = exc.description if exc.description != type(exc).description else None
        return _respond(code, custom or MESSAGES.get(code, "Erreur."))

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.exception("Erreur inattendue")
        return _respond(500, MESSAGES[500])
