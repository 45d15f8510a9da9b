"""Dates and years typed in forms: one parser, sane ranges, ASCII digits only.

Pure (stdlib only). Every function raises :class:`SaisieInvalide` (a ``ValueError``) with a
French message a form can show as it is:

- ``parse_date("2026-03-15")`` or ``parse_date("15/03/2026")`` → ``date(2026, 3, 15)``;
  a date that does not exist (``2026-99-99``, ``2026-02-30``) or a year outside
  ``annee_min..annee_max`` (default 1900..2100) is refused.
- ``parse_date_partielle("2019")`` → ``"2019"``, ``"2019-07"`` → ``"2019-07"``,
  ``"2019-07-14"`` → ``"2019-07-14"``: a source's date, as precise as it is known
  (memberships), normalised and checked the same way.
- ``parse_annee("2024")`` → 2024 (same range).
- ``parse_date_iso("2019-11-07", 1990, 2100)``: strictly ``AAAA-MM-JJ`` (files), an existing
  date in the period; ``check_date_periode(value, 1990, 2100)``: a date already read (a
  form's date field) is within the period. Membership dates use ``ADHESION_ANNEE_MIN..
  ADHESION_ANNEE_MAX`` (the schemes started in 2018: an earlier year is a typing error).
- ``check_period(ouverture, cloture, autres)``: a campaign's period — closing on or after
  opening, at most ``DUREE_MAX_JOURS``, years in range, no overlap with ``autres``.
- ``ascii_digits(text)``: refuses Arabic-Indic, full-width and other non-ASCII digits, which
  Python's ``int``, ``float`` and ``strptime`` would silently accept.

Numbers: ``domain.nombres.parse_decimal`` (same ASCII rule).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, date, datetime

from .refus import Refus

__all__ = [
    "ADHESION_ANNEE_MAX",
    "ADHESION_ANNEE_MIN",
    "ANNEE_MAX",
    "ANNEE_MIN",
    "DUREE_MAX_JOURS",
    "SaisieInvalide",
    "ascii_digits",
    "check_date_periode",
    "check_period",
    "debut_date_partielle",
    "parse_annee",
    "parse_date",
    "parse_date_iso",
    "parse_date_partielle",
]

ANNEE_MIN, ANNEE_MAX = 1900, 2100
ADHESION_ANNEE_MIN, ADHESION_ANNEE_MAX = 1990, 2100  # membership start and end dates
DUREE_MAX_JOURS = 731  # a campaign lasts two years at most

_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_ISO_STRICT = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_FR = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_PARTIELLE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


class SaisieInvalide(Refus, ValueError):
    """An entry typed in a form is refused, with a French message: a date, a number, an
    indicator value (``saisie.py``), a weight or an override (the diagnostic services)."""


def ascii_digits(text: object) -> str:
    """``text`` as a string, refused when it holds a digit other than 0-9."""
    value = str(text if text is not None else "")
    for char in value:
        if not ("0" <= char <= "9") and unicodedata.category(char) == "Nd":
            raise SaisieInvalide(
                f"« {value[:40]} » contient des chiffres d'une autre écriture (arabes orientaux, "
                "pleine chasse…) : tapez les chiffres 0 à 9 du clavier."
            )
    return value


def _year_in_range(annee: int, annee_min: int, annee_max: int) -> None:
    if not annee_min <= annee <= annee_max:
        raise SaisieInvalide(f"Année {annee:04d} hors limites ({annee_min} à {annee_max}).")


def parse_annee(text: object, annee_min: int = ANNEE_MIN, annee_max: int = ANNEE_MAX) -> int:
    """A four-digit year within the range."""
    raw = ascii_digits(text).strip()
    if not re.fullmatch(r"[0-9]{4}", raw):
        raise SaisieInvalide(f"Année invalide « {raw[:20]} » : quatre chiffres (par exemple 2024).")
    annee = int(raw)
    _year_in_range(annee, annee_min, annee_max)
    return annee


def _build(annee: int, mois: int, jour: int, raw: str) -> date:
    try:
        return date(annee, mois, jour)
    except ValueError:
        raise SaisieInvalide(
            f"La date « {raw[:20]} » n'existe pas (mois ou jour impossible)."
        ) from None


def parse_date(text: object, annee_min: int = ANNEE_MIN, annee_max: int = ANNEE_MAX) -> date:
    """An existing date, ``AAAA-MM-JJ`` or ``JJ/MM/AAAA``, whose year is within the range."""
    raw = ascii_digits(text).strip()
    if m := _ISO.fullmatch(raw):
        annee, mois, jour = int(m[1]), int(m[2]), int(m[3])
    elif m := _FR.fullmatch(raw):
        annee, mois, jour = int(m[3]), int(m[2]), int(m[1])
    else:
        raise SaisieInvalide(
            f"Date invalide « {raw[:20]} » : écrivez-la JJ/MM/AAAA ou AAAA-MM-JJ "
            "(par exemple 15/03/2026)."
        )
    _year_in_range(annee, annee_min, annee_max)
    return _build(annee, mois, jour, raw)


def check_date_periode(value: date, annee_min: int = ANNEE_MIN, annee_max: int = ANNEE_MAX) -> date:
    """``value`` when its year is within ``annee_min..annee_max``; otherwise
    :class:`SaisieInvalide` « date hors de la période 1990-2100. »"""
    if not annee_min <= value.year <= annee_max:
        raise SaisieInvalide(f"date hors de la période {annee_min}-{annee_max}.")
    return value


def parse_date_iso(text: object, annee_min: int = ANNEE_MIN, annee_max: int = ANNEE_MAX) -> date:
    """Strictly ``AAAA-MM-JJ`` (a date in a file), existing, its year within the range.

    :class:`SaisieInvalide` « date attendue au format AAAA-MM-JJ. » or « date hors de la
    période … » (a file reader puts the column and the value in front)."""
    m = _ISO_STRICT.fullmatch(str(text if text is not None else "").strip())
    try:
        value = date(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:
        value = None
    if value is None:
        raise SaisieInvalide("date attendue au format AAAA-MM-JJ.")
    return check_date_periode(value, annee_min, annee_max)


def debut_date_partielle(text: object) -> date | None:
    """The first day a partial date can mean (``2023`` → 01/01/2023, ``2023-12`` →
    01/12/2023, ``2022-01-27`` → itself); None when empty or not a date."""
    m = _PARTIELLE.fullmatch(str(text or "").strip())
    if m is None:
        return None
    try:
        return date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return None


def parse_date_partielle(
    text: object, annee_min: int = ANNEE_MIN, annee_max: int = ANNEE_MAX
) -> str:
    """``AAAA``, ``AAAA-MM`` or ``AAAA-MM-JJ``, checked (real month and day), normalised."""
    raw = ascii_digits(text).strip()
    m = _PARTIELLE.fullmatch(raw)
    if m is None:
        raise SaisieInvalide(
            f"Date invalide « {raw[:20]} ». Format attendu : AAAA, AAAA-MM ou AAAA-MM-JJ."
        )
    annee = int(m[1])
    _year_in_range(annee, annee_min, annee_max)
    if m[2] is not None and not 1 <= int(m[2]) <= 12:
        raise SaisieInvalide(f"La date « {raw} » n'existe pas (mois {m[2]}).")
    if m[3] is not None:
        _build(annee, int(m[2]), int(m[3]), raw)
    return raw


def check_period(
    ouverture: date,
    cloture: date,
    autres: Iterable[tuple[str, date, date]] = (),
    annee_min: int = 2000,
    annee_max: int = ANNEE_MAX,
) -> None:
    """A campaign's period: sane years, ordered, bounded, overlapping none of ``autres``
    (``(nom, ouverture, cloture)`` of the other campaigns)."""
    _year_in_range(ouverture.year, annee_min, annee_max)
    _year_in_range(cloture.year, annee_min, annee_max)
    if cloture < ouverture:
        raise SaisieInvalide("La date de clôture précède la date d'ouverture.")
    if (cloture - ouverture).days > DUREE_MAX_JOURS:
        raise SaisieInvalide("Un appel à candidatures dure deux ans au plus.")
    for nom, debut, fin in autres:
        if ouverture <= fin and debut <= cloture:
            raise SaisieInvalide(
                f"Ces dates chevauchent l'appel « {nom} » (du {debut:%d/%m/%Y} au "
                f"{fin:%d/%m/%Y}) : un seul appel peut être ouvert à la fois."
            )


def as_utc(value: datetime) -> datetime:
    """A stored time as an aware UTC time: SQLite gives back naive datetimes (written in UTC
    by ``models.utcnow``), PostgreSQL aware ones."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
