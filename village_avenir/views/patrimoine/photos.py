"""A heritage photo (or its thumbnail), served only to those who may see the commune's
diagnosis (its engineers, its own town hall); files live outside ``static/``."""

from __future__ import annotations

from flask import abort, request, send_file
from flask_login import current_user

from ...db import get_session
from ...models import PatrimoineElement, PatrimoinePhoto
from ...services.candidatures import pieces
from ...services.patrimoine.photos import miniature_of
from ...web.auth import login_manager, require_commune_access
from .blueprint_visite import bp


@bp.get("/photo/<int:photo_id>")
def photo(photo_id: int):
    if not current_user.is_authenticated:  # first: a stranger learns not even whether it exists
        return login_manager.unauthorized()
    session = get_session()
    row = session.get(PatrimoinePhoto, photo_id)
    element = session.get(PatrimoineElement, row.element_id) if row else None
    if element is None:
        abort(404, description="Cette photo n'existe pas.")
    require_commune_access(element.code_insee)
    fichier = (
        miniature_of(row.fichier) if request.args.get("taille") == "miniature" else row.fichier
    )
    if not pieces.is_stored(fichier):
        abort(404, description="Le fichier de cette photo est introuvable sur le serveur.")
    response = send_file(pieces.path_of(fichier), mimetype="image/jpeg", max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response
