"""On-site visits sent from a phone: a visit, its items, their photos, each stored once.

The phone keeps every entry until the server has it, and may send it again (the network came
back, a retry, a fresh login after the session ended). Every row carries the phone's
``client_uid``: :func:`record_visite` and :func:`record_element` look it up first and return
what is already stored, adding only what is new (a photo sent later to an item already
stored). Two sends racing for the same uid meet the unique constraint: the loser's
transaction is rolled back and the lookup is done again, so nothing is ever doubled.

The visit and the item are made by the inventory's own services (``visites.create_visite``,
``elements.create_element``, with ``commit=False``): the same checks and journal entries
(``patrimoine:visite``, ``patrimoine:creation``) as the inventory pages. One call is one
transaction: visit, item, photos (``patrimoine:photo``), and a new visit's e-mail to the
commune's accounts. Photo files are written before the commit
and removed if it fails: no row ever names a missing file, no file outlives a refused send.
The limits and their figures are in ``domain/visite.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ...domain.patrimoine import PARTICIPANTS
from ...domain.refus import Introuvable
from ...domain.visite import (
    PHOTOS_PAR_COMMUNE,
    PHOTOS_PAR_ELEMENT,
    EntreeElement,
    EntreeVisite,
    VisiteRefusee,
    check_client_uid,
)
from ...models import Commune, PatrimoineElement, PatrimoinePhoto, PatrimoineVisite
from ..audit import record
from ..courriels import messages as courriels
from ..transaction import transaction
from .communes import current_code
from .elements import by_client_uid, create_element
from .photos import PhotoPreparee, remove_photo, write_photo
from .visites import create_visite

__all__ = [
    "EnvoiRecu",
    "PhotoRecue",
    "record_element",
    "record_visite",
]


@dataclass(frozen=True)
class PhotoRecue:
    """A photo as the phone sent it: its uid, position (kept as fields), prepared file."""

    client_uid: str
    photo: PhotoPreparee
    longitude: float | None = None
    latitude: float | None = None


@dataclass(frozen=True)
class EnvoiRecu:
    """What a send stored: ids, and whether each part was new or already there."""

    visite_id: int
    element_id: int | None
    element_nouveau: bool
    photos_ajoutees: int
    photos_deja: int


def _visite(session: Session, code: str, entree: EntreeVisite, auteur) -> PatrimoineVisite:
    """The visit through the inventory's ``create_visite`` (once per uid, journaled), inside
    this send's transaction, with its e-mail to the commune when it is new."""
    known = session.exec(
        select(PatrimoineVisite).where(PatrimoineVisite.client_uid == entree.client_uid)
    ).first()
    if known is not None:
        if known.code_insee != current_code(session, code):
            raise VisiteRefusee("Cette visite appartient à une autre commune.")
        return known
    data = {
        "date_visite": entree.date_visite,
        "participants": list(entree.participants),
        "notes": entree.notes,
    }
    visite = create_visite(session, code, data, auteur, entree.client_uid, commit=False)
    _tell_commune(session, visite, entree)
    return visite


def _tell_commune(session: Session, visite: PatrimoineVisite, entree: EntreeVisite) -> None:
    """One e-mail to the commune's accounts when its visit is first stored (not per item: a
    visit sends tens of them), in the same transaction."""
    commune = session.get(Commune, visite.code_insee)
    courriels.patrimoine_visite(
        session, visite, commune.nom, [PARTICIPANTS[p] for p in entree.participants]
    )


def _count(session: Session, stmt) -> int:
    return session.exec(stmt).one()


def _element(
    session: Session, visite: PatrimoineVisite, entree: EntreeElement, auteur
) -> tuple[PatrimoineElement, bool]:
    """The item through the inventory's own ``create_element`` (same checks: vocabularies,
    a point inside the commune, ``elements_max``; journaled ``patrimoine:creation``), inside
    this send's transaction; idempotent on the phone's uid."""
    known = by_client_uid(session, entree.client_uid) is not None
    data = {
        "nom": entree.nom,
        "type": entree.type,
        "type_autre": entree.type_autre,
        "protection": entree.protection,
        "proprietaire": entree.proprietaire,
        "etat": entree.etat,
        "usage": entree.usage,
        "longitude": entree.longitude,
        "latitude": entree.latitude,
        "notes": entree.notes,
        "date_etat": visite.date_visite,
        "source": "visite",
        "source_detail": f"visite du {visite.date_visite:%d/%m/%Y}",
    }
    row = create_element(
        session,
        visite.code_insee,
        data,
        auteur,
        entree.client_uid,
        visite_id=visite.id,
        commit=False,
    )
    return row, not known


def _new_photos(session: Session, photos: list[PhotoRecue]) -> list[PhotoRecue]:
    """The photos not stored yet (by uid), each uid once."""
    uids = [check_client_uid(p.client_uid, "la photo") for p in photos]
    stored = (
        set(
            session.exec(
                select(PatrimoinePhoto.client_uid).where(PatrimoinePhoto.client_uid.in_(uids))
            ).all()
        )
        if uids
        else set()
    )
    seen: set[str] = set()
    fresh = []
    for p in photos:
        if p.client_uid not in stored and p.client_uid not in seen:
            fresh.append(p)
        seen.add(p.client_uid)
    return fresh


def _check_photo_limits(session: Session, element: PatrimoineElement, nouvelles: int) -> None:
    if not nouvelles:
        return
    on_item = (
        _count(session, select(func.count()).where(PatrimoinePhoto.element_id == element.id))
        if element.id
        else 0
    )
    if on_item + nouvelles > PHOTOS_PAR_ELEMENT:
        raise VisiteRefusee(
            f"« {element.nom} » aurait {on_item + nouvelles} photos : {PHOTOS_PAR_ELEMENT} au "
            "plus par élément. Retirez-en quelques-unes avant d'envoyer."
        )
    on_commune = _count(
        session,
        select(func.count())
        .select_from(PatrimoinePhoto)
        .join(PatrimoineElement, PatrimoineElement.id == PatrimoinePhoto.element_id)
        .where(PatrimoineElement.code_insee == element.code_insee),
    )
    if on_commune + nouvelles > PHOTOS_PAR_COMMUNE:
        raise VisiteRefusee(
            f"La commune compte déjà {on_commune} photos de patrimoine : {PHOTOS_PAR_COMMUNE} "
            "au plus. Gardez les plus parlantes."
        )


def _attach(session: Session, element: PatrimoineElement, fresh: list[PhotoRecue], qui: str):
    for p in fresh:
        row = PatrimoinePhoto(
            element_id=element.id,
            fichier=p.photo.fichier,
            type_mime="image/jpeg",
            taille=p.photo.taille,
            largeur=p.photo.largeur,
            hauteur=p.photo.hauteur,
            longitude=p.longitude,
            latitude=p.latitude,
            client_uid=p.client_uid,
            cree_par=qui,
        )
        session.add(row)
        session.flush()
        record(
            session,
            qui=qui,
            action="patrimoine:photo",
            objet="patrimoine_photo",
            objet_id=str(row.id),
            code_insee=element.code_insee,
            apres={
                "element": element.nom,
                "taille": row.taille,
                "longitude": row.longitude,
                "latitude": row.latitude,
            },
        )


def _commune(session: Session, code: str) -> None:
    if session.get(Commune, code) is None:
        raise Introuvable(f"Commune {code} inconnue.")


def record_visite(session: Session, code: str, entree: EntreeVisite, *, auteur) -> int:
    """Store the visit once (by its uid); returns its id."""
    _commune(session, code)
    try:
        with transaction(session):
            visite_id = _visite(session, code, entree, auteur).id
    except IntegrityError:  # the same uid stored meanwhile by a racing send
        with transaction(session):
            visite_id = _visite(session, code, entree, auteur).id
    return visite_id


def record_element(
    session: Session,
    code: str,
    visite: EntreeVisite,
    element: EntreeElement,
    photos: list[PhotoRecue],
    *,
    auteur,
) -> EnvoiRecu:
    """Store an item of a visit (the visit too, if new) with its photos, each once.
    ``auteur``: the account (``email``, ``role``, ``commune_code``; Département staff)."""
    qui = auteur.email
    _commune(session, code)
    for attempt in (1, 2):
        written: list[str] = []
        try:
            with transaction(session):
                row_visite = _visite(session, code, visite, auteur)
                row, nouveau = _element(session, row_visite, element, auteur)
                fresh = _new_photos(session, photos)
                _check_photo_limits(session, row, len(fresh))
                _attach(session, row, fresh, qui)
                for p in fresh:
                    write_photo(p.photo)
                    written.append(p.photo.fichier)
                result = EnvoiRecu(
                    row_visite.id, row.id, nouveau, len(fresh), len(photos) - len(fresh)
                )
            return result
        except BaseException as exc:
            for fichier in written:
                remove_photo(fichier)
            if isinstance(exc, IntegrityError) and attempt == 1:
                continue  # a racing send stored the same uid: look again
            raise
    raise AssertionError("unreachable")
