"""Heritage photos as files: checked on their bytes, re-encoded, stored outside ``static/``.

A photo arrives already reduced by the phone (``static/js/visite.js``: canvas → JPEG, at most
500 Ko). The server trusts nothing of it:

- the size (``domain.visite.PHOTO_RECUE_MAX``), then the first bytes (JPEG, PNG or WebP
  signatures: a file named ``.jpg`` that is HTML is refused before any decoder sees it);
- Pillow (the maintained imaging library) must decode it whole, within
  ``PHOTO_PIXELS_MAX`` pixels (a « decompression bomb » is refused);
- it is re-encoded as JPEG from its pixels only, oriented as seen, so no metadata of the
  original survives (EXIF, camera, date, GPS, XMP, ICC): the position is kept, by the
  phone's choice, as the row's ``longitude``/``latitude`` — never inside the file;
- a thumbnail (320 px) is made at the same time (the list of a visit shows thumbnails).

Files go to the uploaded pieces' folder (``PIECES_DIR``, ``services/candidatures/pieces.py``) with a
random name ``<hex>.jpg`` and ``<hex>-mini.jpg``, so backups carry them like the
deliberations; they are served only by ``views/patrimoine/photos.py`` after a permission
check.
"""

from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from ...domain.refus import Refus
from ...domain.visite import PHOTO_PIXELS_MAX, PHOTO_RECUE_MAX, PHOTO_REDUITE_CIBLE
from ..candidatures import pieces

__all__ = [
    "MINIATURE_COTE",
    "PhotoPreparee",
    "PhotoRefusee",
    "miniature_of",
    "prepare_photo",
    "remove_photo",
    "signature_of",
    "write_photo",
]

MINIATURE_COTE = 320
QUALITE = 85
SIGNATURES = {
    b"\xff\xd8\xff": "JPEG",
    b"\x89PNG\r\n\x1a\n": "PNG",
}


class PhotoRefusee(Refus, ValueError):
    """A photo refused (type, size, unreadable), message in French."""


@dataclass(frozen=True)
class PhotoPreparee:
    """A checked photo, re-encoded, named but not yet written."""

    fichier: str
    donnees: bytes
    miniature: bytes
    largeur: int
    hauteur: int

    @property
    def taille(self) -> int:
        return len(self.donnees)


def signature_of(data: bytes) -> str | None:
    """The image type told by the first bytes (JPEG, PNG, WEBP), or None."""
    for magic, name in SIGNATURES.items():
        if data.startswith(magic):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def _encode(image: Image.Image, taille_max: int | None = None) -> bytes:
    """JPEG of the pixels only; with ``taille_max``, the quality is lowered (85 down to 40),
    then the size, until the file is no larger than that (what the phone sent, or 500 Ko:
    re-encoding must not make a reduced photo heavier)."""
    while True:
        for qualite in (QUALITE, 75, 68, 60, 50, 40):
            out = io.BytesIO()
            image.save(out, "JPEG", quality=qualite, optimize=True)
            if taille_max is None or out.tell() <= taille_max:
                return out.getvalue()
        image = image.resize((max(1, image.width * 9 // 10), max(1, image.height * 9 // 10)))


def prepare_photo(data: bytes) -> PhotoPreparee:
    """Check ``data`` and re-encode it without metadata; PhotoRefusee with a French reason."""
    if not data:
        raise PhotoRefusee("La photo envoyée est vide.")
    if len(data) > PHOTO_RECUE_MAX:
        raise PhotoRefusee(
            f"La photo pèse {len(data) // 1000} Ko, plus que les {PHOTO_RECUE_MAX // 1000} Ko "
            "acceptés après réduction : rechargez la page de visite (elle réduit les photos) "
            "et reprenez la photo."
        )
    kind = signature_of(data)
    if kind is None:
        raise PhotoRefusee(
            "Le fichier envoyé n'est pas une photo (JPEG, PNG ou WebP), quel que soit son nom."
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format != kind:
                raise PhotoRefusee("Le contenu de la photo ne correspond pas à son type.")
            if image.width * image.height > PHOTO_PIXELS_MAX:
                raise PhotoRefusee(
                    f"La photo mesure {image.width} × {image.height} pixels : trop grande, "
                    "même réduite. Reprenez-la depuis la page de visite."
                )
            image.load()
            image = ImageOps.exif_transpose(image).convert("RGB")
    except PhotoRefusee:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise PhotoRefusee(
            "La photo ne peut pas être lue (fichier abîmé ou incomplet) : reprenez-la."
        ) from exc
    mini = image.copy()
    mini.thumbnail((MINIATURE_COTE, MINIATURE_COTE))
    donnees = _encode(image, max(len(data), PHOTO_REDUITE_CIBLE))
    largeur, hauteur = Image.open(io.BytesIO(donnees)).size
    return PhotoPreparee(
        fichier=secrets.token_hex(16) + ".jpg",
        donnees=donnees,
        miniature=_encode(mini),
        largeur=largeur,
        hauteur=hauteur,
    )


def miniature_of(fichier: str) -> str:
    """The stored name of a photo's thumbnail."""
    return fichier.removesuffix(".jpg") + "-mini.jpg"


def write_photo(photo: PhotoPreparee) -> None:
    """Write the photo and its thumbnail (atomic each, ``pieces.write``)."""
    pieces.write(photo.fichier, photo.donnees)
    pieces.write(miniature_of(photo.fichier), photo.miniature)


def remove_photo(fichier: str) -> None:
    """Delete a photo and its thumbnail (a missing file is not an error)."""
    pieces.remove_quietly(fichier)
    pieces.remove_quietly(miniature_of(fichier))
