"""Heritage inventory vocabulary: the closed lists an item is described with.

The lists follow French practice (``../shared/docs/HERITAGE_REFERENCES.md``): the types are
nouns of the Mérimée thesaurus (DENO) plus the Lot's own terms (caselle/gariotte, lac de
Saint-Namphaise, travail à ferrer); the protection levels are those of the Code du patrimoine
(MH classé L621-1, inscrit L621-25, abords L621-30, SPR from the LCAP law of 7 July 2016) and
the Fondation du patrimoine label; the four-class state scale is the State's sanitary survey of
monuments (bon, moyen, mauvais, en péril; DRAC, 2023), plus « non évalué » for an item known
but not yet seen (a Mérimée row before the visit).

Codes are stored; labels are shown. Every list has ``autre`` or an « unknown » value so that an
item is never forced into a wrong class.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ETATS",
    "ETATS_EVALUES",
    "ElementPatrimoine",
    "PARTICIPANTS",
    "PROPRIETAIRES",
    "PROTECTIONS",
    "PROTECTIONS_MH",
    "SOURCES",
    "STATUTS",
    "TYPES",
    "USAGES",
]

TYPES: dict[str, str] = {
    "eglise": "Église",
    "chapelle": "Chapelle",
    "croix": "Croix, calvaire, oratoire",
    "lavoir": "Lavoir",
    "fontaine": "Fontaine",
    "puits": "Puits",
    "lac": "Lac, mare, lac de Saint-Namphaise",
    "four": "Four à pain",
    "pigeonnier": "Pigeonnier",
    "caselle": "Caselle, gariotte",
    "muret": "Muret, mur de pierre sèche",
    "travail": "Travail à ferrer",
    "halle": "Halle",
    "moulin": "Moulin",
    "pont": "Pont",
    "chateau": "Château",
    "maison": "Maison, demeure",
    "batiment_communal": "Bâtiment communal (mairie, école, presbytère…)",
    "petit_patrimoine": "Petit patrimoine rural",
    "autre": "Autre",
}

PROTECTIONS: dict[str, str] = {
    "mh_classe": "Monument historique classé",
    "mh_inscrit": "Monument historique inscrit",
    "spr": "Site patrimonial remarquable",
    "abords": "Abords d'un monument historique",
    "label_fdp": "Label de la Fondation du patrimoine",
    "non_protege": "Non protégé",
}
# A « protected monument » (the plans' monument actions) is classé or inscrit.
PROTECTIONS_MH = frozenset({"mh_classe", "mh_inscrit"})

PROPRIETAIRES: dict[str, str] = {
    "commune": "Commune",
    "prive": "Privé",
    "autre": "Autre (État, association, diocèse…)",
}

ETATS: dict[str, str] = {
    "bon": "Bon (entretien courant)",
    "moyen": "Moyen (quelques restaurations)",
    "mauvais": "Mauvais (restauration lourde)",
    "peril": "En péril (dégradation en cours)",
    "non_evalue": "Non évalué",
}
ETATS_EVALUES = ("bon", "moyen", "mauvais", "peril")

USAGES: dict[str, str] = {
    "en_usage": "En usage",
    "sous_utilise": "Sous-utilisé",
    "vacant": "Vacant, sans usage",
    "inconnu": "Usage inconnu",
}

SOURCES: dict[str, str] = {
    "visite": "Visite sur place",
    "declaration": "Déclaration de la commune",
    "merimee": "Base Mérimée (monuments historiques)",
    "inventaire": "Inventaire existant (fichier importé)",
}

# Who takes part in a visit (the programme's partners, press 2021).
PARTICIPANTS: dict[str, str] = {
    "departement": "Département du Lot",
    "caue": "CAUE du Lot",
    "pnr": "Parc naturel régional des Causses du Quercy",
    "epci": "Intercommunalité",
    "commune": "Commune",
    "etat": "État (DDT, UDAP)",
}

# An item declared by a commune waits for an engineer, like declared indicator values.
STATUTS: dict[str, str] = {
    "valide": "Validé",
    "propose": "Proposé par la commune, à valider",
    "refuse": "Refusé",
}


@dataclass(frozen=True)
class ElementPatrimoine:
    """A heritage item as the domain rules (heritage need, plan proposals) see it."""

    nom: str
    type: str
    protection: str
    etat: str
    proprietaire: str
    usage: str
    cout_min: int | None = None
    cout_max: int | None = None
    id: int | None = None

    @property
    def protege_mh(self) -> bool:
        return self.protection in PROTECTIONS_MH
