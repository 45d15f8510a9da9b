"""Numbers typed by French users or read from French files.

One parser for every decimal entered or imported: ``12``, ``12,5``, ``12.5``, ``1 234,5``
(ordinary, narrow or non-breaking spaces between thousands). Infinities and NaN are refused
(``float`` would accept ``inf`` or ``nan`` and they would poison percentiles and sums), and
so are digits other than 0-9 (Arabic-Indic, full-width…, which ``float`` accepts too).
"""

from __future__ import annotations

import math
import re

__all__ = ["parse_decimal"]

_SPACES = re.compile(r"[\s\u202f\u00a0]")


def parse_decimal(text: object) -> float:
    """The finite number written in ``text``; :class:`ValueError` otherwise."""
    raw = _SPACES.sub("", str(text if text is not None else "")).replace(",", ".")
    if not raw.isascii():
        raise ValueError(f"caractères autres que des chiffres 0 à 9 : {text!r}")
    value = float(raw)  # ValueError on anything else
    if not math.isfinite(value):
        raise ValueError(f"nombre non fini : {text!r}")
    return value
