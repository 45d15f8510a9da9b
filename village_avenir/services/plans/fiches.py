"""The projet stratégique of a plan version: its texts (synthèse, enjeux, orientations) and the
fiche of each action (objectif, maître d'ouvrage, partenaires, calendrier, indicateur, plan de
financement).

Reading: what was written, else what the figures propose (``effective_projet``,
``effective_fiche``). Writing (``save_projet``, ``update_fiche``): a new version of the plan,
like every plan change (``store.new_version``), journaled, with ``version_attendue`` turning a
concurrent edit into :class:`PlanConflit`.
"""

from __future__ import annotations

import json

from sqlmodel import Session

from ...domain.financement import (
    FinancementInvalide,
    ParametresFinancement,
    PlanFinancement,
    compute_financement,
    propose_lignes,
)
from ...domain.planning import CatalogueActions
from ...domain.projet import (
    Projet,
    ProjetInvalide,
    check_fiche,
    check_projet,
    fiche_defaut,
    propose_enjeux,
    propose_orientations,
    synthese_from_detail,
)
from ...models import PlanAction, PlanVersion
from ...parametres import load_catalogue_indicateurs
from ..diagnostic.instantanes import view_content
from ..transaction import transaction
from .store import (
    MODIFIE_EN_MEME_TEMPS,
    ActionIntrouvable,
    PlanConflit,
    actions_of,
    journal,
    new_version,
)

__all__ = [
    "effective_fiche",
    "effective_projet",
    "montant_of",
    "save_projet",
    "update_fiche",
]


def _synthese(session: Session, code: str) -> tuple[list[str], list[str], list[str]]:
    """Strengths, weaknesses (each « sentence (source, year) ») and what was not assessed."""
    _snap, content = view_content(session)
    commune = content["communes"].get(code)
    cat = load_catalogue_indicateurs()
    indicateurs = {i.id: (i.domaine, i.libelle, i.unite) for i in cat.indicateurs}
    synth = synthese_from_detail(commune["detail"] if commune else [], indicateurs, cat.domaines)
    return (
        [f"{c.texte} (source : {c.source})" for c in synth.forces],
        [f"{c.texte} (source : {c.source})" for c in synth.faiblesses],
        list(synth.non_evalue),
    )


def effective_projet(
    session: Session, version: PlanVersion, catalogue: CatalogueActions
) -> tuple[Projet, bool]:
    """(projet, written) : the version's projet, or (False) the one the figures propose."""
    if version.projet:
        return Projet.from_dict(json.loads(version.projet)), True
    forces, faiblesses, non_evalue = _synthese(session, version.code_insee)
    besoins = [
        (catalogue.besoins[b["besoin"]].libelle, b["intensite"])
        for b in json.loads(version.besoins or "[]")
        if b["besoin"] in catalogue.besoins and b["intensite"] >= catalogue.seuil_retenu
    ]
    actions = [(a.horizon, a.libelle) for a in actions_of(session, version)]
    projet = Projet(
        forces=forces,
        faiblesses=faiblesses,
        non_evalue=non_evalue,
        enjeux=propose_enjeux(besoins),
        orientations=propose_orientations(actions),
    )
    return projet, False


def montant_of(a: PlanAction) -> int:
    """The amount a financing plan shares out: the budget when fixed, else the top of the
    cost range (prudent), else 0."""
    if a.budget is not None:
        return a.budget
    return a.cout_max or 0


def effective_fiche(
    a: PlanAction, financements: ParametresFinancement, depuis: int
) -> tuple[dict, PlanFinancement]:
    """The fiche's fields (written, else proposed) and its computed financing plan."""
    proposed = fiche_defaut(a.domaine, a.besoin_libelle, a.horizon, depuis)
    partenaires = json.loads(a.partenaires) if a.partenaires else None
    if partenaires is None:
        codes = [c for c in json.loads(a.financeurs or "[]") if c in financements.financeurs]
        labels = [financements.financeurs[c].libelle for c in codes]
        if "departement" not in codes:  # the Département always accompanies (engineering)
            labels.insert(0, "Département du Lot (ingénierie)")
        partenaires = list(dict.fromkeys(labels))
    if a.financement:
        data = json.loads(a.financement)
        lignes = [(c, int(t)) for c, t in data.get("lignes", [])]
        derogation = data.get("derogation", "")
    else:
        lignes = propose_lignes(json.loads(a.financeurs or "[]"), financements)
        derogation = ""
    plan = compute_financement(montant_of(a), lignes, financements, derogation)
    fiche = {
        "objectif": a.objectif or proposed["objectif"],
        "maitre_ouvrage": a.porteur or "Commune",
        "partenaires": partenaires,
        "calendrier": a.calendrier or proposed["calendrier"],
        "indicateur": a.indicateur or proposed["indicateur"],
        "lignes": lignes,
        "derogation": derogation,
        "ecrite": bool(a.objectif or a.financement),
    }
    return fiche, plan


def save_projet(session, code, projet: Projet, *, qui, version_attendue=None) -> PlanVersion:
    """A new version with the projet's texts (checked: 2 to 4 stakes, three orientations)."""
    projet.enjeux = [e.strip() for e in projet.enjeux if e.strip()]
    check_projet(projet)
    with transaction(session, doublon=PlanConflit(MODIFIE_EN_MEME_TEMPS)):
        _, new, _ = new_version(session, code, qui, "Projet stratégique modifié", version_attendue)
        avant = json.loads(new.projet) if new.projet else None
        new.projet = json.dumps(projet.as_dict(), ensure_ascii=False)
        journal(
            session,
            qui,
            "projet",
            code,
            new,
            avant={"projet": avant},
            apres={"projet": projet.as_dict()},
        )
        return new


def update_fiche(
    session,
    code: str,
    cle: int,
    *,
    objectif: str,
    porteur: str,
    partenaires: list[str],
    calendrier: str,
    indicateur: str,
    lignes: list[tuple[str, int]],
    derogation: str,
    financements: ParametresFinancement,
    qui: str,
    version_attendue: int | None = None,
) -> PlanVersion:
    """Write one action's fiche; the financing plan must pass the legal checks."""
    partenaires = [p.strip() for p in partenaires if p.strip()]
    check_fiche(objectif, calendrier, indicateur, partenaires)
    porteur = porteur.strip() or None
    if porteur and len(porteur) > 200:
        raise ProjetInvalide("Le maître d'ouvrage tient en 200 caractères au plus.")
    with transaction(session, doublon=PlanConflit(MODIFIE_EN_MEME_TEMPS)):
        _, new, copies = new_version(session, code, qui, "Fiche-action modifiée", version_attendue)
        row = copies.get(cle)
        if row is None:
            raise ActionIntrouvable(f"Action {cle} absente du plan actuel de la commune {code}.")
        plan = compute_financement(montant_of(row), lignes, financements, derogation)
        if plan.erreurs:
            raise FinancementInvalide(" ".join(plan.erreurs))
        values = {
            "objectif": objectif.strip(),
            "porteur": porteur,
            "partenaires": json.dumps(partenaires, ensure_ascii=False),
            "calendrier": calendrier.strip(),
            "indicateur": indicateur.strip(),
            "financement": json.dumps(
                {"lignes": [list(x) for x in lignes], "derogation": derogation.strip()},
                ensure_ascii=False,
            ),
        }
        avant = {k: getattr(row, k) for k, v in values.items() if getattr(row, k) != v}
        for k in avant:
            setattr(row, k, values[k])
        base = {"cle": cle, "libelle": row.libelle}
        journal(
            session,
            qui,
            "fiche",
            code,
            new,
            {**base, **avant},
            {**base, **{k: values[k] for k in avant}},
        )
        return new
