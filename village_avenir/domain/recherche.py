"""Forgiving search of commune names: accents, case, hyphens, apostrophes and spaces do not
matter, « st » / « ste » stand for « saint » / « sainte », and any part of the name matches
(« cirgues », « saint ci »). Names that start with the query come first.

Pure module: the 312 names of a département are filtered in memory.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import TypeVar

__all__ = ["compact", "normalize", "search"]

T = TypeVar("T")
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def normalize(text: str) -> str:
    """« Saint-Céré » → « saint cere »; « St-Cirgues » → « saint cirgues »."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("œ", "oe").replace("æ", "ae")
    words = re.split(r"[^0-9a-z]+", text)
    return " ".join(ABBREVIATIONS.get(w, w) for w in words if w)


def compact(text: str) -> str:
    """The normalized text without spaces: what the search compares."""
    return normalize(text).replace(" ", "")


def search(query: str, items: Sequence[T], name, code=None) -> list[T]:
    """``items`` whose name (or code) contains ``query``, forgivingly; those whose name starts
    with it first, each group in the given order. ``name``/``code``: item → text."""
    wanted = compact(query)
    if not wanted:
        return list(items)
    first, then = [], []
    for item in items:
        text = compact(name(item))
        if text.startswith(wanted):
            first.append(item)
        elif wanted in text or (code is not None and wanted in code(item).lower()):
            then.append(item)
    return first + then
