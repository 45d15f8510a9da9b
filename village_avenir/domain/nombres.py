"""Numbers typed by French users or read from French files, and numbers shown to them.

One module for every number the application parses or prints (pure, stdlib only).

Parsing: ASCII digits only — Arabic-Indic, full-width… digits, which ``int`` and ``float``
accept, are refused everywhere.

- ``parse_decimal("1 234,5")`` → ``1234.5``: any decimal entered or imported — ``12``,
  ``12,5``, ``12.5``, ``-3,25``, thousands separated by ordinary, narrow (U+202F) or
  non-breaking (U+00A0) spaces. Infinities and NaN are refused (they would poison
  percentiles and sums). Raises :class:`ValueError`.
- ``parse_entier_positif("42")`` → ``42``: an identifier, a version, a page cursor or a rank
  as a browser sends it — 1 to ``chiffres`` (9) digits and nothing else (no space, no sign);
  anything else → None.
- ``parse_entier("1 200")`` → ``1200``: a whole number typed in a form (spaces between
  thousands allowed), 0 to 999 999 999; anything else → None.
- ``parse_montant("1 234,50 €")`` → ``1234.5``: an amount in euros, at most two decimals,
  never negative; anything else → None.

Formatting, French style (thousands separated by a narrow no-break space U+202F, decimal
comma):

- ``format_nombre(1234.5, 1)`` → ``"1 234,5"``; a whole number never shows decimals;
  None → « non renseigné » (or ``absent``).
- ``format_decimal(3, 1)`` → ``"3,0"``: exactly ``decimals`` decimals (a distance, a factor).
- ``format_euros(120000)`` → ``"120 000 €"``; None → « non fixé » (or ``absent``).
"""

from __future__ import annotations

import math
import re

__all__ = [
    "NNBSP",
    "format_decimal",
    "format_euros",
    "format_nombre",
    "parse_decimal",
    "parse_entier",
    "parse_entier_positif",
    "parse_montant",
]

NNBSP = "\u202f"  # narrow no-break space: the thousands separator shown
_SPACES = re.compile(r"[\s\u202f\u00a0]")
_MONTANT = re.compile(r"[0-9]+(\.[0-9]{1,2})?")


def _without_spaces(text: object) -> str:
    return _SPACES.sub("", str(text if text is not None else ""))


def parse_decimal(text: object) -> float:
    """The finite number written in ``text``; :class:`ValueError` otherwise."""
    raw = _without_spaces(text).replace(",", ".")
    if not raw.isascii():
        raise ValueError(f"caractères autres que des chiffres 0 à 9 : {text!r}")
    value = float(raw)  # ValueError on anything else
    if not math.isfinite(value):
        raise ValueError(f"nombre non fini : {text!r}")
    return value


def parse_entier_positif(text: object, chiffres: int = 9) -> int | None:
    """``"42"`` → 42: 1 to ``chiffres`` ASCII digits, nothing else; otherwise None."""
    raw = str(text if text is not None else "")
    if 1 <= len(raw) <= chiffres and raw.isascii() and raw.isdigit():
        return int(raw)
    return None


def parse_entier(text: object) -> int | None:
    """``"1 200"`` → 1200 (spaces between digits allowed); empty, negative, decimal,
    letters or more than nine digits → None."""
    return parse_entier_positif(_without_spaces(text))


def parse_montant(text: object) -> float | None:
    """``"120 000"``, ``"1 234,50"``, ``"1234.5 €"`` (euros) → float; otherwise None."""
    raw = _without_spaces(text).replace("€", "").replace(",", ".")
    return float(raw) if _MONTANT.fullmatch(raw) else None


def format_nombre(
    value: int | float | None, decimals: int = 0, absent: str = "non renseigné"
) -> str:
    """``173828`` → ``173 828``; ``1234.5`` → ``1 234,5`` (with ``decimals=1``);
    ``-1500`` → ``-1 500``; None → ``absent``. A whole number never shows decimals
    (``3.0`` → ``3``, not ``3,0``)."""
    if value is None:
        return absent
    return format_decimal(value, 0 if float(value).is_integer() else decimals)


def format_decimal(value: int | float, decimals: int) -> str:
    """``3`` → ``3,0`` with ``decimals=1``; ``1234.567`` → ``1 234,57`` with 2: always
    ``decimals`` decimals (rounded), decimal comma, narrow no-break space for thousands."""
    return f"{value:,.{decimals}f}".replace(",", NNBSP).replace(".", ",")


def format_euros(value: int | float | None, absent: str = "non fixé") -> str:
    """``120000`` → ``120 000 €``; None → ``absent``."""
    return absent if value is None else f"{format_nombre(value)} €"
