"""Entry rules of a declared or assessed value: every refusal message, every accepted form."""

from dataclasses import dataclass
from datetime import date

import pytest

from village_avenir.domain.indicators import CatalogueIndicateurs, Donnee, Indicateur
from village_avenir.domain.saisie import (
    MAX_SOURCE,
    Saisie,
    SaisieInvalide,
    check_saisie,
    needs_writing,
)

PATRIMOINE = Donnee(
    "patrimoine",
    "Petit patrimoine à restaurer",
    "éléments",
    "declaree",
    "declaration",
    minimum=0,
    maximum=500,
)
ETAT = Donnee("etat", "État du patrimoine", "note", "evaluee", "evaluation", minimum=0, maximum=4)
VACANTS = Donnee("vacants", "Logements vacants", "logements", "importee", "lovac")
LIBRE = Donnee("libre", "Chiffre sans bornes", "unités", "declaree", "declaration")
CATALOGUE = CatalogueIndicateurs(
    version="test",
    en_vigueur_depuis=date(2026, 1, 1),
    domaines={"patrimoine": "Patrimoine"},
    fichiers={},
    donnees={d.id: d for d in (PATRIMOINE, ETAT, VACANTS, LIBRE)},
    indicateurs=(
        Indicateur("petit_patrimoine", "patrimoine", "Petit patrimoine", "éléments", 1, 1.0,
                   "direct", {"donnee": "patrimoine"}),
        Indicateur("part_vacants", "patrimoine", "Part", "%", 1, 1.0, "ratio",
                   {"numerateur": "vacants", "denominateur": "libre"}),
    ),
)  # fmt: skip

GOOD = {
    "indicateur": "patrimoine",
    "valeur": "4",
    "annee": "2025",
    "source": "Inventaire communal",
    "origine": "declaree",
}


def check(**kw) -> Saisie:
    return check_saisie(CATALOGUE, **{**GOOD, **kw})


# (what differs from GOOD, the exact French refusal)
REFUSALS = [
    ({"indicateur": "inconnu"}, "Indicateur inconnu « inconnu »."),
    ({"indicateur": "part_vacants"}, "Indicateur inconnu « part_vacants »."),  # not « direct »
    (
        {"indicateur": "vacants"},
        "« Logements vacants » provient d'un fichier officiel : importez ce fichier.",
    ),
    (
        {"origine": "importee"},
        "Origine invalide : « declaree » (commune) ou « evaluee » (ingénieur).",
    ),
    ({"origine": ""}, "Origine invalide : « declaree » (commune) ou « evaluee » (ingénieur)."),
    (
        {"indicateur": "etat", "valeur": "2"},
        "« État du patrimoine » est évalué par un ingénieur du Département, pas déclaré.",
    ),
    ({"valeur": "beaucoup"}, "Valeur non numérique « beaucoup »."),
    ({"valeur": ""}, "Valeur non numérique «  »."),
    ({"valeur": None}, "Valeur non numérique « None »."),
    ({"valeur": "nan"}, "Valeur non numérique « nan »."),
    ({"valeur": "inf"}, "Valeur non numérique « inf »."),
    ({"valeur": "٣"}, "Valeur non numérique « ٣ »."),  # Arabic-Indic three
    ({"valeur": "1,2,3"}, "Valeur non numérique « 1,2,3 »."),
    ({"valeur": "-3"}, "Valeur hors bornes pour « Petit patrimoine à restaurer » (0 à 500)."),
    ({"valeur": 900}, "Valeur hors bornes pour « Petit patrimoine à restaurer » (0 à 500)."),
    ({"valeur": "500,5"}, "Valeur hors bornes pour « Petit patrimoine à restaurer » (0 à 500)."),
    (
        {"indicateur": "etat", "origine": "evaluee", "valeur": "5"},
        "Valeur hors bornes pour « État du patrimoine » (0 à 4).",
    ),
    ({"annee": "25"}, "Année invalide « 25 » : quatre chiffres (par exemple 2024)."),
    ({"annee": ""}, "Année invalide «  » : quatre chiffres (par exemple 2024)."),
    ({"annee": None}, "Année invalide «  » : quatre chiffres (par exemple 2024)."),
    ({"annee": "2025-01"}, "Année invalide « 2025-01 » : quatre chiffres (par exemple 2024)."),
    ({"annee": "1899"}, "Année 1899 hors limites (1900 à 2100)."),
    ({"annee": "2101"}, "Année 2101 hors limites (1900 à 2100)."),
    (
        {"annee": "٢٠٢٥"},
        "« ٢٠٢٥ » contient des chiffres d'une autre écriture (arabes orientaux, pleine chasse…) "
        ": tapez les chiffres 0 à 9 du clavier.",
    ),
    ({"source": ""}, "Indiquez la source de la valeur."),
    ({"source": "   "}, "Indiquez la source de la valeur."),
    ({"source": None}, "Indiquez la source de la valeur."),
    (
        {"source": "x" * (MAX_SOURCE + 1)},
        "La source compte 301 caractères, 300 au plus : résumez-la.",
    ),
    ({"source": "x" * 100_000}, "La source compte 100000 caractères, 300 au plus : résumez-la."),
]


@pytest.mark.parametrize("kw, message", REFUSALS)
def test_every_refusal_in_french(kw, message):
    with pytest.raises(SaisieInvalide) as exc:
        check(**kw)
    assert str(exc.value) == message


# (what differs from GOOD, expected datum id, value, year, source, status)
ACCEPTED = [
    ({}, "patrimoine", 4.0, "2025", "Inventaire communal", "a_valider"),
    ({"valeur": 4}, "patrimoine", 4.0, "2025", "Inventaire communal", "a_valider"),
    ({"valeur": 3.5}, "patrimoine", 3.5, "2025", "Inventaire communal", "a_valider"),
    ({"valeur": "12,5"}, "patrimoine", 12.5, "2025", "Inventaire communal", "a_valider"),
    ({"valeur": "12.5"}, "patrimoine", 12.5, "2025", "Inventaire communal", "a_valider"),
    ({"valeur": " 7 "}, "patrimoine", 7.0, "2025", "Inventaire communal", "a_valider"),
    ({"valeur": "0"}, "patrimoine", 0.0, "2025", "Inventaire communal", "a_valider"),
    ({"valeur": "500"}, "patrimoine", 500.0, "2025", "Inventaire communal", "a_valider"),
    ({"indicateur": "libre", "valeur": "1 234,5"}, "libre", 1234.5, "2025",
     "Inventaire communal", "a_valider"),
    ({"indicateur": "libre", "valeur": "1\u202f234"}, "libre", 1234.0, "2025",
     "Inventaire communal", "a_valider"),
    ({"indicateur": "libre", "valeur": "-12"}, "libre", -12.0, "2025",
     "Inventaire communal", "a_valider"),
    # a « direct » indicator stands for its datum
    ({"indicateur": "petit_patrimoine"}, "patrimoine", 4.0, "2025", "Inventaire communal",
     "a_valider"),
    # an engineer assesses an « evaluee » datum, and may enter a declared one: valid at once
    ({"indicateur": "etat", "origine": "evaluee", "valeur": "3,0"}, "etat", 3.0, "2025",
     "Inventaire communal", "valide"),
    ({"origine": "evaluee"}, "patrimoine", 4.0, "2025", "Inventaire communal", "valide"),
    ({"annee": " 2024 "}, "patrimoine", 4.0, "2024", "Inventaire communal", "a_valider"),
    ({"annee": 2024}, "patrimoine", 4.0, "2024", "Inventaire communal", "a_valider"),
    ({"annee": "1900"}, "patrimoine", 4.0, "1900", "Inventaire communal", "a_valider"),
    ({"annee": "2100"}, "patrimoine", 4.0, "2100", "Inventaire communal", "a_valider"),
    ({"source": "  Visite du 3 mars  "}, "patrimoine", 4.0, "2025", "Visite du 3 mars",
     "a_valider"),
    ({"source": "x" * MAX_SOURCE}, "patrimoine", 4.0, "2025", "x" * MAX_SOURCE, "a_valider"),
]  # fmt: skip


@pytest.mark.parametrize("kw, donnee, valeur, annee, source, statut", ACCEPTED)
def test_every_accepted_form(kw, donnee, valeur, annee, source, statut):
    saisie = check(**kw)
    assert saisie.donnee.id == donnee
    assert (saisie.valeur, saisie.annee, saisie.source) == (valeur, annee, source)
    assert saisie.origine == kw.get("origine", "declaree") and saisie.statut == statut


def test_the_first_fault_is_the_one_reported():
    with pytest.raises(SaisieInvalide, match="non numérique"):
        check(valeur="x", annee="25", source="")
    with pytest.raises(SaisieInvalide, match="Année"):
        check(annee="25", source="")


@dataclass
class Stored:
    origine: str
    valeur: float
    annee: str | None
    statut: str


DECLARED = check()  # 4 in 2025, declared
ASSESSED = check(origine="evaluee")

# (new entry, value stored, must it be written?)
WRITES = [
    (DECLARED, None, True),
    (ASSESSED, None, True),
    (DECLARED, Stored("declaree", 4.0, "2025", "valide"), False),  # same figure: stays valid
    (DECLARED, Stored("declaree", 4.0, "2025", "a_valider"), True),
    (DECLARED, Stored("declaree", 7.0, "2025", "valide"), True),
    (DECLARED, Stored("declaree", 4.0, "2024", "valide"), True),
    (DECLARED, Stored("importee", 4.0, "2025", "valide"), False),
    (DECLARED, Stored("importee", 3.0, "2025", "valide"), True),
    (ASSESSED, Stored("evaluee", 4.0, "2025", "valide"), True),  # an engineer may always revise
    (ASSESSED, Stored("declaree", 4.0, "2025", "a_valider"), True),
]


@pytest.mark.parametrize("saisie, existing, expected", WRITES)
def test_needs_writing(saisie, existing, expected):
    assert needs_writing(saisie, existing) is expected


@pytest.mark.parametrize("valeur", [4.0, 9.0])
def test_a_declaration_never_replaces_an_assessment(valeur):
    with pytest.raises(SaisieInvalide) as exc:
        needs_writing(DECLARED, Stored("evaluee", valeur, "2025", "valide"))
    assert str(exc.value) == (
        "« Petit patrimoine à restaurer » a été évalué par un ingénieur du Département : une "
        "déclaration ne remplace pas cette valeur (demandez-lui de la revoir)."
    )
