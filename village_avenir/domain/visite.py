"""An on-site heritage visit as the phone sends it: checked, limited, in French (pure).

The visit page (``views/patrimoine/visite.py``) keeps each entry on the phone until the
server has it, then sends it as JSON: the visit's header (date, participants, notes) and one
item (name, type, protection, owner, state, use, position, notes), each with the
``client_uid`` the phone gave it. :func:`read_visite` and :func:`read_element` turn that
JSON into frozen values or refuse it with :class:`VisiteRefusee` (a French message naming
the field) before anything is stored; the item's fields are then checked once more by the
inventory's own rules (``domain/patrimoine_saisie.check_element``, through
``services.patrimoine.create_element``), which decide what an item may hold.

Limits (issue 22, items 2 and 6), stated here once and repeated on the page:

- a photo is at most :data:`PHOTO_ORIGINAL_MAX` (10 Mo) before the phone reduces it, and the
  phone reduces it to at most :data:`PHOTO_REDUITE_CIBLE` (500 Ko, longest side
  :data:`PHOTO_COTE_MAX` px); the server refuses a received photo above
  :data:`PHOTO_RECUE_MAX` (1 Mo: the phone's target with room for a browser that compresses
  less well) or larger than :data:`PHOTO_PIXELS_MAX` pixels;
- :data:`PHOTOS_PAR_ELEMENT` photos per item and :data:`PHOTOS_PAR_COMMUNE` photos per
  commune (the items per commune are the inventory's ``elements_max``,
  ``data/parametres/patrimoine.toml``): a village's inventory in the Lot counts tens of items
  (HERITAGE_REFERENCES.md), so the limits only stop a runaway phone or script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from .dates import SaisieInvalide, parse_date_iso
from .patrimoine import ETATS, PARTICIPANTS, PROPRIETAIRES, PROTECTIONS, TYPES, USAGES
from .refus import Refus

__all__ = [
    "EntreeElement",
    "EntreeVisite",
    "NOM_MAX",
    "NOTES_MAX",
    "PHOTOS_PAR_COMMUNE",
    "PHOTOS_PAR_ELEMENT",
    "PHOTO_COTE_MAX",
    "PHOTO_ORIGINAL_MAX",
    "PHOTO_PIXELS_MAX",
    "PHOTO_RECUE_MAX",
    "PHOTO_REDUITE_CIBLE",
    "VisiteRefusee",
    "check_client_uid",
    "read_element",
    "check_position",
    "read_visite",
]

PHOTO_ORIGINAL_MAX = 10 * 1024 * 1024
PHOTO_REDUITE_CIBLE = 500 * 1000
PHOTO_COTE_MAX = 1600
PHOTO_RECUE_MAX = 1000 * 1000
PHOTO_PIXELS_MAX = 4000 * 4000
PHOTOS_PAR_ELEMENT = 6
PHOTOS_PAR_COMMUNE = 2000
NOM_MAX = 200
NOTES_MAX = 4000

# crypto.randomUUID() gives 36 characters; any opaque token of 8 to 64 safe characters will do.
_UID = re.compile(r"[A-Za-z0-9_-]{8,64}")


class VisiteRefusee(Refus, ValueError):
    """An entry of a visit refused as it stands (French message naming the field)."""


@dataclass(frozen=True)
class EntreeVisite:
    client_uid: str
    date_visite: date
    participants: tuple[str, ...]
    notes: str


@dataclass(frozen=True)
class EntreeElement:
    client_uid: str
    nom: str
    type: str
    type_autre: str | None
    protection: str
    proprietaire: str
    etat: str
    usage: str
    longitude: float | None
    latitude: float | None
    notes: str


def check_client_uid(value: Any, quoi: str = "l'entrée") -> str:
    """The phone's identifier of an entry, or VisiteRefusee."""
    if not isinstance(value, str) or not _UID.fullmatch(value):
        raise VisiteRefusee(
            f"Identifiant de {quoi} absent ou illisible : rechargez la page de visite et "
            "saisissez-la à nouveau."
        )
    return value


def _text(data: dict, key: str, label: str, maxi: int, required: bool = False) -> str:
    value = data.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise VisiteRefusee(f"{label} : texte attendu.")
    value = value.strip()
    if required and not value:
        raise VisiteRefusee(f"{label} : à remplir.")
    if len(value) > maxi:
        raise VisiteRefusee(f"{label} : {len(value)} caractères, {maxi} au plus.")
    return value


def _code(data: dict, key: str, label: str, allowed: dict[str, str], default: str) -> str:
    value = data.get(key) or default
    if value not in allowed:
        raise VisiteRefusee(f"{label} : valeur inconnue, choisissez dans la liste.")
    return value


def check_position(longitude: Any, latitude: Any) -> tuple[float | None, float | None]:
    """A WGS84 point, or (None, None) when both are empty; refuses half a point or a point
    off the globe."""
    empty = [v in (None, "") for v in (longitude, latitude)]
    if all(empty):
        return None, None
    if any(empty):
        raise VisiteRefusee("Position : la longitude et la latitude vont ensemble.")
    try:
        lon, lat = float(longitude), float(latitude)
    except (TypeError, ValueError):
        raise VisiteRefusee("Position : nombres attendus (degrés décimaux).") from None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise VisiteRefusee("Position : hors des limites de la Terre (degrés décimaux).")
    return round(lon, 7), round(lat, 7)


def read_visite(data: Any, aujourd_hui: date) -> EntreeVisite:
    """The visit's header as the phone sent it; a visit is dated today or in the past."""
    if not isinstance(data, dict):
        raise VisiteRefusee("Visite : données illisibles, rechargez la page de visite.")
    uid = check_client_uid(data.get("client_uid"), "la visite")
    try:
        jour = parse_date_iso(data.get("date") or "")
    except SaisieInvalide as exc:
        raise VisiteRefusee(f"Date de la visite : {exc}") from None
    if jour > aujourd_hui:
        raise VisiteRefusee("Date de la visite : elle ne peut pas être dans le futur.")
    participants = data.get("participants") or []
    if not isinstance(participants, list) or any(p not in PARTICIPANTS for p in participants):
        raise VisiteRefusee("Participants : valeur inconnue, cochez dans la liste.")
    ordered = tuple(p for p in PARTICIPANTS if p in participants)
    return EntreeVisite(uid, jour, ordered, _text(data, "notes", "Notes de la visite", NOTES_MAX))


def read_element(data: Any) -> EntreeElement:
    """One item as the phone sent it (codes from ``domain/patrimoine.py``)."""
    if not isinstance(data, dict):
        raise VisiteRefusee("Élément : données illisibles, rechargez la page de visite.")
    lon, lat = check_position(data.get("longitude"), data.get("latitude"))
    return EntreeElement(
        client_uid=check_client_uid(data.get("client_uid"), "l'élément"),
        nom=_text(data, "nom", "Nom de l'élément", NOM_MAX, required=True),
        type=_code(data, "type", "Type", TYPES, ""),
        type_autre=_text(data, "type_autre", "Précision du type", 100) or None,
        protection=_code(data, "protection", "Protection", PROTECTIONS, "non_protege"),
        proprietaire=_code(data, "proprietaire", "Propriétaire", PROPRIETAIRES, "commune"),
        etat=_code(data, "etat", "État", ETATS, "non_evalue"),
        usage=_code(data, "usage", "Usage", USAGES, "inconnu"),
        longitude=lon,
        latitude=lat,
        notes=_text(data, "notes", "Notes de l'élément", NOTES_MAX),
    )
