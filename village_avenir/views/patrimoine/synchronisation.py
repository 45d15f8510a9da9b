"""The visit page's sync endpoints, answered in JSON (the phone's script reads them).

- ``GET /patrimoine/visite/jeton``: a fresh CSRF token and the account's key. The script asks
  for it before each round of sends: after a fresh login the token of the page kept offline
  is stale, and a key that differs from the queue's (another account logged in meanwhile)
  stops the send. When the session ended, the answer is the usual redirect to the login page
  (``auth.role_required``): the script sees it (``redirected``), keeps the queue and offers
  to log in again.
- ``POST /patrimoine/visite/<code>/envoi`` (multipart, CSRF in ``X-CSRFToken``): ``donnees``
  is the JSON of the visit's header, one item (or none: the visit alone) and its photos'
  uids and positions; the ``photo`` files follow in the same order. Answers 200 with what
  was stored (a retry answers the same, nothing doubled), or the refusal's status with
  ``{"message": …}`` in French: 400 or 404 (kept on the phone, shown, not resent).
  The visit page's item form posts here too without JavaScript (its fields, no ``donnees``):
  refused with a French message, nothing stored.
"""

from __future__ import annotations

from datetime import datetime

from flask import abort, jsonify, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from ...db import get_session
from ...domain.patrimoine_saisie import PatrimoineInvalide
from ...domain.placement import PlacementInvalide
from ...domain.visite import (
    PHOTO_RECUE_MAX,
    PHOTOS_PAR_ELEMENT,
    VisiteRefusee,
    check_client_uid,
    check_position,
    read_element,
    read_visite,
)
from ...formatting import PARIS
from ...forms.patrimoine import EnvoiVisiteForm
from ...services.patrimoine.photos import PhotoRefusee, prepare_photo
from ...services.patrimoine.refus import PatrimoineInterdit
from ...services.patrimoine.synchronisation import PhotoRecue, record_element, record_visite
from ...web.auth import role_required
from ..refus import status_of
from .blueprint_visite import bp

ILLISIBLE = (
    "Envoi illisible : cette page a besoin de JavaScript pour envoyer une visite ; "
    "rechargez-la (vos saisies restent gardées sur le téléphone)."
)


# What the phone is told in French (and keeps, not resending): its own checks, the inventory's
# (vocabularies, a point outside the commune, the item limit), an unknown commune.
REFUS = (
    VisiteRefusee,
    PhotoRefusee,
    PatrimoineInvalide,
    PatrimoineInterdit,
    PlacementInvalide,
    LookupError,
)


def _refus(message: str, status: int):
    """The refusal in JSON for the page's script, as an error page for a plain form post."""
    if "application/json" not in request.headers.get("Accept", ""):
        abort(status, description=message)
    return jsonify({"message": message}), status


@bp.get("/jeton")
@role_required("ingenieur")
def jeton():
    return jsonify({"jeton": generate_csrf(), "compte": f"u{current_user.id}"})


def _photos(metas) -> list[PhotoRecue]:
    files = request.files.getlist("photo")
    metas = [] if metas is None else metas
    if not isinstance(metas, list) or len(metas) != len(files):
        raise VisiteRefusee("Photos : envoi incomplet, il sera refait.")
    if len(files) > PHOTOS_PAR_ELEMENT:
        raise VisiteRefusee(f"Photos : {PHOTOS_PAR_ELEMENT} au plus par élément.")
    photos = []
    for meta, fichier in zip(metas, files, strict=True):
        meta = meta if isinstance(meta, dict) else {}
        uid = check_client_uid(meta.get("client_uid"), "la photo")
        lon, lat = check_position(meta.get("longitude"), meta.get("latitude"))
        photos.append(PhotoRecue(uid, prepare_photo(fichier.read(PHOTO_RECUE_MAX + 1)), lon, lat))
    return photos


@bp.post("/<code>/envoi")
@role_required("ingenieur")
def envoi(code: str):
    form = EnvoiVisiteForm()
    if not form.validate_on_submit():
        return _refus(ILLISIBLE, 400)
    donnees = form.lues
    session = get_session()
    try:
        visite = read_visite(donnees.get("visite"), datetime.now(PARIS).date())
        if donnees.get("element") is None:
            visite_id = record_visite(session, code, visite, auteur=current_user)
            return jsonify({"visite_id": visite_id, "element_id": None})
        element = read_element(donnees.get("element"))
        recu = record_element(
            session, code, visite, element, _photos(donnees.get("photos")), auteur=current_user
        )
    except REFUS as exc:
        return _refus(str(exc), status_of(exc))
    return jsonify(
        {
            "visite_id": recu.visite_id,
            "element_id": recu.element_id,
            "element_nouveau": recu.element_nouveau,
            "photos_ajoutees": recu.photos_ajoutees,
            "photos_deja": recu.photos_deja,
        }
    )
