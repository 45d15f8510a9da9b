"""The *projet stratégique* around a plan's actions: synthesis, stakes, orientations, follow-up.

Pure. Organised as the documents councils adopt (PVD/ORT conventions, ANCT): a *synthèse du
diagnostic* (strengths and weaknesses in plain words, each with its figure, source and year,
and what was not assessed), 2 to 4 *enjeux*, one *orientation* per horizon with its objective
(the long term is a vision, always present, or the plan says why not), then the fiches-actions.

Thresholds of the synthesis (oriented need of an indicator, 0–100 = share of the Lot's
communes in a better situation): ``FAIBLESSE`` and above is a weakness, ``FORCE`` and below a
strength. They are the catalogue's « besoin retenu » logic read the other way round, stated
here so that a sentence never depends on a hidden cut.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from .nombres import format_nombre
from .refus import Refus

__all__ = [
    "AVANCEMENTS",
    "avancement",
    "ENJEUX_MAX",
    "ENJEUX_MIN",
    "FAIBLESSE",
    "FORCE",
    "PATRIMOINE_A_EVALUER",
    "STATUTS_SUIVI",
    "Constat",
    "Projet",
    "ProjetInvalide",
    "Synthese",
    "INDICATEURS_DEFAUT",
    "calendrier_defaut",
    "check_fiche",
    "check_projet",
    "fiche_defaut",
    "check_suivi",
    "propose_enjeux",
    "propose_orientations",
    "synthese_from_detail",
]

FAIBLESSE = 70
FORCE = 30
ENJEUX_MIN, ENJEUX_MAX = 2, 4
TEXTE_MAX = 2000
PATRIMOINE_A_EVALUER = "Patrimoine à évaluer : visite à prévoir."
# Follow-up statuses (keys shared with the plan's actions, ``domain/planning.STATUTS``).
STATUTS_SUIVI = {
    "prevue": "À engager",
    "engagee": "Engagée",
    "realisee": "Réalisée",
    "abandonnee": "Abandonnée",
}
DEBUTS = {"court": 0, "moyen": 2, "long": 5}
FINS = {"court": 2, "moyen": 5, "long": 10}


class ProjetInvalide(Refus, ValueError):
    """A projet stratégique that cannot be saved or validated (message in French)."""


@dataclass(frozen=True)
class Constat:
    texte: str
    source: str


@dataclass(frozen=True)
class Synthese:
    forces: tuple[Constat, ...]
    faiblesses: tuple[Constat, ...]
    non_evalue: tuple[str, ...]


@dataclass
class Projet:
    """What an engineer edits besides the actions (stored as JSON on the plan version)."""

    forces: list[str] = field(default_factory=list)
    faiblesses: list[str] = field(default_factory=list)
    non_evalue: list[str] = field(default_factory=list)
    enjeux: list[str] = field(default_factory=list)
    orientations: dict[str, str] = field(default_factory=dict)
    sans_long_terme: str = ""

    @classmethod
    def from_dict(cls, data: Mapping | None) -> Projet:
        data = data or {}
        return cls(
            forces=list(data.get("forces", [])),
            faiblesses=list(data.get("faiblesses", [])),
            non_evalue=list(data.get("non_evalue", [])),
            enjeux=list(data.get("enjeux", [])),
            orientations=dict(data.get("orientations", {})),
            sans_long_terme=str(data.get("sans_long_terme", "")),
        )

    def as_dict(self) -> dict:
        return {
            "forces": self.forces,
            "faiblesses": self.faiblesses,
            "non_evalue": self.non_evalue,
            "enjeux": self.enjeux,
            "orientations": self.orientations,
            "sans_long_terme": self.sans_long_terme,
        }


def _valeur(value, unite: str) -> str:
    text = format_nombre(value, 1)
    return f"{text} {unite}".strip() if unite else text


def synthese_from_detail(
    detail: Iterable[Sequence],
    indicateurs: Mapping[str, tuple[str, str, str]],
    domaines: Mapping[str, str],
) -> Synthese:
    """Strengths and weaknesses of a commune from its diagnosis breakdown rows
    (``[id, valeur, percentile, besoin, poids, part, contribution, annee, source, statut…]``).

    ``indicateurs`` gives each indicator's (domain, label, unit); ``domaines`` the domain
    labels. A domain with no figure at all is « non évalué »; heritage without figures reads
    :data:`PATRIMOINE_A_EVALUER`."""
    forces, faiblesses = [], []
    evalues: set[str] = set()
    for row in detail:
        ident, valeur, besoin = row[0], row[1], row[3]
        statut = row[9] if len(row) > 9 else "classe"
        if ident not in indicateurs or valeur is None:
            continue
        dom, libelle, unite = indicateurs[ident]
        evalues.add(dom)
        if statut != "classe" or besoin is None:
            continue
        annee, source = row[7], row[8]
        src = f"{source}, {annee}" if annee else str(source)
        mieux = round(besoin)
        if besoin >= FAIBLESSE:
            texte = (
                f"{libelle} : {_valeur(valeur, unite)}, situation plus difficile que dans "
                f"{mieux} % des communes du Lot."
            )
            faiblesses.append((besoin, Constat(texte, src)))
        elif besoin <= FORCE:
            texte = (
                f"{libelle} : {_valeur(valeur, unite)}, situation meilleure que dans "
                f"{100 - mieux} % des communes du Lot."
            )
            forces.append((-besoin, Constat(texte, src)))
    non_evalue = []
    for dom, lib in domaines.items():
        if dom not in evalues:
            non_evalue.append(
                PATRIMOINE_A_EVALUER
                if dom == "patrimoine"
                else f"{lib} : non évalué (aucun chiffre)."
            )
    return Synthese(
        forces=tuple(c for _, c in sorted(forces, key=lambda x: x[0])),
        faiblesses=tuple(c for _, c in sorted(faiblesses, key=lambda x: -x[0])),
        non_evalue=tuple(non_evalue),
    )


def propose_enjeux(besoins: Iterable[tuple[str, int]]) -> list[str]:
    """2 to 4 stakes from the strongest needs (``(label, intensity)``), most intense first;
    fewer needs than two give a stake to write (the engineer completes it)."""
    ranked = sorted(besoins, key=lambda b: -b[1])[:ENJEUX_MAX]
    enjeux = [f"Répondre au besoin « {lib.lower()} » (intensité {n}/100)." for lib, n in ranked]
    while len(enjeux) < ENJEUX_MIN:
        enjeux.append("Enjeu à préciser avec la commune.")
    return enjeux


def propose_orientations(actions: Iterable[tuple[str, str]]) -> dict[str, str]:
    """One objective per horizon from its actions (``(horizon, label)``); the long term is a
    vision even without a long-term action."""
    par = {"court": [], "moyen": [], "long": []}
    for horizon, libelle in actions:
        par.setdefault(horizon, []).append(libelle.lower())
    out = {
        "court": "Engager dans les deux ans : " + " ; ".join(par["court"]) + "."
        if par["court"]
        else "Préparer les projets : études, chiffrages, recherche de financements.",
        "moyen": "Réaliser entre deux et cinq ans : " + " ; ".join(par["moyen"]) + "."
        if par["moyen"]
        else "Conduire à leur terme les actions engagées à court terme.",
    }
    out["long"] = (
        "Vision à dix ans : " + " ; ".join(par["long"]) + ", pour un village habité et vivant."
        if par["long"]
        else "Vision à dix ans : un village habité à l'année, dont le bâti et les services "
        "sont entretenus et partagés avec les communes voisines."
    )
    return out


def check_projet(projet: Projet) -> None:
    """Refuse (ProjetInvalide, French) a projet that a council could not adopt: 2 to 4 stakes,
    an objective per horizon, a long-term vision or the reason why there is none."""
    enjeux = [e.strip() for e in projet.enjeux if e.strip()]
    if not ENJEUX_MIN <= len(enjeux) <= ENJEUX_MAX:
        raise ProjetInvalide(
            f"Le projet compte {len(enjeux)} enjeu(x) : il en faut de {ENJEUX_MIN} à {ENJEUX_MAX}."
        )
    for nom, items in (("points d'appui", projet.forces), ("fragilités", projet.faiblesses),
                       ("points non évalués", projet.non_evalue)):  # fmt: skip
        if len(items) > 30:
            raise ProjetInvalide(f"La synthèse compte trop de {nom} ({len(items)}, 30 au plus).")
    for texte in [*enjeux, *projet.orientations.values(), projet.sans_long_terme,
                  *projet.forces, *projet.faiblesses, *projet.non_evalue]:  # fmt: skip
        if len(texte) > TEXTE_MAX:
            raise ProjetInvalide(f"Un texte du projet dépasse {TEXTE_MAX} caractères.")
    for horizon, nom in (("court", "court terme"), ("moyen", "moyen terme")):
        if not projet.orientations.get(horizon, "").strip():
            raise ProjetInvalide(f"L'orientation à {nom} n'a pas d'objectif.")
    if not projet.orientations.get("long", "").strip() and not projet.sans_long_terme.strip():
        raise ProjetInvalide(
            "Le long terme (5 à 10 ans et plus) est la vision du projet : écrivez-la, ou dites "
            "pourquoi le projet n'en a pas."
        )


def calendrier_defaut(horizon: str, depuis: int) -> str:
    """« 2027 – 2029 » for a horizon starting from the year ``depuis``."""
    fin = "et au-delà" if horizon == "long" else ""
    return f"{depuis + DEBUTS[horizon]} – {depuis + FINS[horizon]} {fin}".strip()


INDICATEURS_DEFAUT = {
    "patrimoine": "Travaux réceptionnés (date) et état du bâtiment ou du site après travaux.",
    "logement": "Nombre de logements remis sur le marché, réhabilités ou créés.",
    "services": "Service ouvert (date), jours d'ouverture et fréquentation.",
}


def fiche_defaut(domaine: str, besoin_libelle: str, horizon: str, depuis: int) -> dict[str, str]:
    """The fiche-action fields proposed before an engineer writes them."""
    return {
        "objectif": f"Répondre au besoin « {besoin_libelle.lower()} » relevé par le diagnostic.",
        "calendrier": calendrier_defaut(horizon, depuis),
        "indicateur": INDICATEURS_DEFAUT.get(domaine, "Action réalisée (date)."),
    }


def check_fiche(objectif: str, calendrier: str, indicateur: str, partenaires: list[str]) -> None:
    """A fiche-action has an objective, a calendar and one follow-up indicator."""
    for nom, texte in (("objectif", objectif), ("calendrier", calendrier),
                       ("indicateur de suivi", indicateur)):  # fmt: skip
        if not texte.strip():
            raise ProjetInvalide(f"La fiche-action n'a pas d'{nom}." if nom[0] in "oi"
                                 else f"La fiche-action n'a pas de {nom}.")  # fmt: skip
        if len(texte) > TEXTE_MAX:
            raise ProjetInvalide(f"Le champ {nom} dépasse {TEXTE_MAX} caractères.")
    if len(partenaires) > 20 or any(len(p) > 200 for p in partenaires):
        raise ProjetInvalide("Au plus 20 partenaires, de 200 caractères chacun.")


AVANCEMENTS = {
    "preparation": "Plan en préparation",
    "valide": "Projet validé, rien d'engagé",
    "engage": "Actions engagées",
    "moitie": "La moitié des actions réalisées ou plus",
    "acheve": "Toutes les actions réalisées ou closes",
}


def avancement(valide: bool, counts: Mapping[str, int]) -> str:
    """The progress category of a plan (``AVANCEMENTS``) from its follow-up counts.

    Abandoned actions are closed: they count neither for nor against the realised half."""
    if not valide:
        return "preparation"
    realisees, abandonnees = counts.get("realisee", 0), counts.get("abandonnee", 0)
    ouvertes = sum(counts.values()) - abandonnees
    if ouvertes <= 0 or realisees == ouvertes:
        return "acheve" if realisees or abandonnees else "valide"
    if realisees * 2 >= ouvertes:
        return "moitie"
    if realisees or counts.get("engagee", 0):
        return "engage"
    return "valide"


def check_suivi(statut: str, quand: date, motif: str, aujourd_hui: date, valide_le: date) -> None:
    """A follow-up status is known, dated between the plan's validation and today, and an
    abandonment says why."""
    if statut not in STATUTS_SUIVI:
        raise ProjetInvalide(f"Statut inconnu « {statut} ».")
    if quand > aujourd_hui:
        raise ProjetInvalide("La date du statut ne peut pas être dans le futur.")
    if quand < valide_le:
        raise ProjetInvalide(
            f"La date du statut précède la validation du projet ({valide_le.strftime('%d/%m/%Y')})."
        )
    if statut == "abandonnee" and not motif.strip():
        raise ProjetInvalide("Dites pourquoi l'action est abandonnée (motif).")
    if len(motif) > 500:
        raise ProjetInvalide("Le motif tient en 500 caractères au plus.")
