"""Heritage lines of a plan from named items of the heritage inventory.

The inventory's contract is ``domain/patrimoine.py`` (issue 22): the plan engine reads, for
each item, the attributes of its :class:`ElementPatrimoine` (any object having them will do:
``nom``, ``type``, ``protection``, ``etat``, ``proprietaire``, ``usage``, ``cout_min``,
``cout_max``, with that module's codes). Rules:

- an item in peril (``etat = "peril"``) gets « Diagnostic sanitaire de <nom> » at the short
  term, then « Restauration de <nom> » at the medium term;
- an item in bad state (``"mauvais"``) gets « Restauration de <nom> » at the medium term;
- an item owned by the commune that is vacant or under-used gets « Nouvel usage pour <nom> »
  at the long term (whatever its state);
- protected monuments (classé or inscrit: ``PROTECTIONS_MH``) use the protected-monument
  templates of the catalogue (DRAC, Département); every other item (site patrimonial
  remarquable, abords, label, non protégé) the non-protected ones;
- a private item that is not a protected monument gets no public work: it is listed as a note
  (the owner may turn to the Fondation du patrimoine);
- an item whose state is not assessed yet (``non_evalue``) gets no work: a note asks for the
  visit.

The item's own cost range (``cout_min``/``cout_max``) is used when known; otherwise the
template's cost model.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .patrimoine import ETATS, PROTECTIONS, PROTECTIONS_MH, TYPES, USAGES, ElementPatrimoine

__all__ = ["ActionPatrimoine", "TEMPLATES", "heritage_lines"]

# (protected monument?, kind) → catalogue action used as template (cost, funders, reference)
TEMPLATES = {
    (True, "diagnostic"): "pat-diagnostic-mh",
    (True, "restauration"): "pat-restauration-mh",
    (False, "diagnostic"): "pat-diagnostic-bati",
    (False, "restauration"): "pat-restauration-bati",
    (False, "usage"): "pat-nouvel-usage",
    (True, "usage"): "pat-nouvel-usage",
}


@dataclass(frozen=True)
class ActionPatrimoine:
    template: str  # catalogue action id
    libelle: str
    horizon: str
    cout_min: int | None  # None: take the template's model
    cout_max: int | None
    raison: str


def _label(codes: dict[str, str], code: str) -> str:
    """The French label of a code, first letter lowered (« en péril (dégradation en cours) »)."""
    text = codes.get(code, code)
    return text[:1].lower() + text[1:]


def heritage_lines(
    items: Iterable[ElementPatrimoine],
) -> tuple[list[ActionPatrimoine], list[str]]:
    """(named actions, notes) for the inventory ``items`` (rules in the module doc)."""
    actions: list[ActionPatrimoine] = []
    notes: list[str] = []
    for item in items:
        protege = item.protection in PROTECTIONS_MH
        own = item.cout_min, item.cout_max
        if item.cout_min is None or item.cout_max is None:
            own = None, None
        why = (
            f"Inventaire du patrimoine : {item.nom} ({_label(TYPES, item.type)}, "
            f"{_label(PROTECTIONS, item.protection)}), état : {_label(ETATS, item.etat)}, "
            f"usage : {_label(USAGES, item.usage)}."
        )
        if not protege and item.proprietaire == "prive":
            if item.etat in ("mauvais", "peril"):
                notes.append(
                    f"{item.nom} (privé, pas un monument historique, état : "
                    f"{_label(ETATS, item.etat)}) : "
                    "pas de travaux publics ; le propriétaire peut solliciter la Fondation du "
                    "patrimoine."
                )
            continue
        if item.etat == "non_evalue":
            notes.append(f"{item.nom} : état non évalué, visite à prévoir.")
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
