"""Heritage lines of a plan from named items of the heritage inventory.

The inventory itself lives elsewhere (issue 22); the plan engine only needs, for each item,
the attributes of :class:`ElementPatrimoine` (any object having them will do). Rules:

- an item in peril (``etat = "peril"``) gets « Diagnostic sanitaire de <nom> » at the short
  term, then « Restauration de <nom> » at the medium term;
- an item in bad state (``"mauvais"``) gets « Restauration de <nom> » at the medium term;
- an item owned by the commune that is vacant or under-used gets « Nouvel usage pour <nom> »
  at the long term (whatever its state);
- protected items (``mh_classe``, ``mh_inscrit``, ``spr``) use the protected-monument
  templates of the catalogue (DRAC, Département); other items the non-protected ones;
- a private, non-protected item gets no public work: it is listed as a note (the owner may
  turn to the Fondation du patrimoine).

The item's own cost range (``cout_min``/``cout_max``) is used when known; otherwise the
template's cost model.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

__all__ = [
    "ETATS",
    "PROPRIETAIRES",
    "PROTECTIONS",
    "USAGES",
    "ActionPatrimoine",
    "ElementPatrimoine",
    "TEMPLATES",
    "heritage_lines",
]

PROTECTIONS = ("mh_classe", "mh_inscrit", "spr", "non_protege")
ETATS = ("bon", "moyen", "mauvais", "peril")
PROPRIETAIRES = ("commune", "prive", "autre")
USAGES = ("en_usage", "sous_utilise", "vacant")
PROTEGES = {"mh_classe", "mh_inscrit", "spr"}

# (protected?, kind) → catalogue action used as the template (cost model, funders, reference)
TEMPLATES = {
    (True, "diagnostic"): "pat-diagnostic-mh",
    (True, "restauration"): "pat-restauration-mh",
    (False, "diagnostic"): "pat-diagnostic-bati",
    (False, "restauration"): "pat-restauration-bati",
    (False, "usage"): "pat-nouvel-usage",
    (True, "usage"): "pat-nouvel-usage",
}


class ElementPatrimoine(Protocol):
    """What the plan engine reads of an inventory item."""

    nom: str
    type: str
    protection: str  # one of PROTECTIONS
    etat: str  # one of ETATS
    proprietaire: str  # one of PROPRIETAIRES
    usage: str  # one of USAGES
    cout_min: int | None
    cout_max: int | None


@dataclass(frozen=True)
class ActionPatrimoine:
    template: str  # catalogue action id
    libelle: str
    horizon: str
    cout_min: int | None  # None: take the template's model
    cout_max: int | None
    raison: str


def _protection_text(item: ElementPatrimoine) -> str:
    return {
        "mh_classe": "classé monument historique",
        "mh_inscrit": "inscrit monument historique",
        "spr": "en site patrimonial remarquable",
    }.get(item.protection, "non protégé")


def heritage_lines(
    items: Iterable[ElementPatrimoine],
) -> tuple[list[ActionPatrimoine], list[str]]:
    """(named actions, notes) for the inventory ``items`` (rules in the module doc)."""
    actions: list[ActionPatrimoine] = []
    notes: list[str] = []
    for item in items:
        protege = item.protection in PROTEGES
        own = item.cout_min, item.cout_max
        if item.cout_min is None or item.cout_max is None:
            own = None, None
        why = (
            f"Inventaire du patrimoine : {item.nom} ({item.type}, {_protection_text(item)}), "
            f"état « {item.etat} », usage « {item.usage.replace('_', ' ')} »."
        )
        if not protege and item.proprietaire == "prive":
            if item.etat in ("mauvais", "peril"):
                notes.append(
                    f"{item.nom} (privé, non protégé, état « {item.etat} ») : pas de travaux "
                    "publics ; le propriétaire peut solliciter la Fondation du patrimoine."
                )
            continue
        if item.etat == "peril":
            actions.append(
                ActionPatrimoine(
                    TEMPLATES[(protege, "diagnostic")],
                    f"Diagnostic sanitaire de {item.nom}",
                    "court",
                    None,
                    None,
                    why + " Un édifice en péril se diagnostique avant tout chantier.",
                )
            )
        if item.etat in ("peril", "mauvais"):
            actions.append(
                ActionPatrimoine(
                    TEMPLATES[(protege, "restauration")],
                    f"Restauration de {item.nom}",
                    "moyen",
                    *own,
                    why,
                )
            )
        if item.proprietaire == "commune" and item.usage in ("vacant", "sous_utilise"):
            actions.append(
                ActionPatrimoine(
                    TEMPLATES[(protege, "usage")],
                    f"Nouvel usage pour {item.nom}",
                    "long",
                    None,
                    None,
                    why + " Un bâtiment communal sans usage se dégrade : lui trouver un usage.",
                )
            )
    return actions, notes
