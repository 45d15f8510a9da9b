"""How a Mérimée row becomes a heritage item (HERITAGE_REFERENCES.md §4). Pure.

- type from ``Denomination_de_l_edifice`` (thesaurus T96 nouns): the first of its words that
  names one of our types (« église » → ``eglise``, « croix de chemin » → ``croix``,
  « maison forte » → ``maison``…); otherwise ``autre`` with the denomination as precision;
- protection from ``Typologie_de_la_protection``: classé wins over inscrit (a building partly
  classé and partly inscrit is a classé monument for the plans); « partiellement » is kept in
  the item's provenance by the import;
- owner from ``Statut_juridique_de_l_edifice`` (« propriété de la commune », « propriété
  privée »…);
- state « non évalué » until a visit: the State's survey classes are not in the open export.
"""

from __future__ import annotations

import unicodedata

__all__ = ["merimee_proprietaire", "merimee_protection", "merimee_type"]

# (word in the folded denomination, type code): checked in this order.
_MOTS = (
    ("eglise", "eglise"), ("chapelle", "chapelle"), ("croix", "croix"), ("calvaire", "croix"),
    ("oratoire", "croix"), ("lavoir", "lavoir"), ("fontaine", "fontaine"), ("puits", "puits"),
    ("four", "four"), ("pigeonnier", "pigeonnier"), ("colombier", "pigeonnier"),
    ("caselle", "caselle"), ("gariotte", "caselle"), ("cabane", "caselle"), ("halle", "halle"),
    ("moulin", "moulin"), ("pont", "pont"), ("chateau", "chateau"), ("maison", "maison"),
    ("demeure", "maison"), ("manoir", "maison"), ("hotel", "maison"), ("mairie", "batiment_communal"),
    ("ecole", "batiment_communal"), ("presbytere", "batiment_communal"),
)  # fmt: skip


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", (text or "").casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def merimee_type(denomination: str) -> tuple[str, str | None]:
    """(type code, precision for ``autre``) of a Mérimée denomination."""
    words = _fold(denomination).replace(";", " ").replace(",", " ").replace("'", " ").split()
    for mot, code in _MOTS:
        if mot in words:
            return code, None
    return "autre", (denomination.strip()[:100] or "édifice protégé")


def merimee_protection(typologie: str) -> str | None:
    """``mh_classe``, ``mh_inscrit``, or None (no protection stated)."""
    folded = _fold(typologie)
    if "classe" in folded:
        return "mh_classe"
    if "inscrit" in folded:
        return "mh_inscrit"
    return None


def merimee_proprietaire(statut: str) -> str:
    folded = _fold(statut)
    if "commune" in folded:
        return "commune"
    if "prive" in folded:
        return "prive"
    return "autre"
