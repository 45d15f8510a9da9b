"""The committee pack (dossier de séance): what the selection committee sees, as plain JSON.

``build_pack`` gathers, for each application on the agenda: the commune (population with its
year), its eligibility under the campaign's rules (version recorded), the need scores with
their coverage read from ONE diagnosis snapshot, key figures (vacancy, population trend) with
source and year, the project in one line, the amount asked and the engineer's opinion. The
same dict feeds the page, the CSV and the PDF; freezing stores it as it is
(``services.commission.seance.freeze``), so a frozen session keeps showing it after data change.

Two readings are isolated here on purpose, so that the parallel issues can adapt them at
merge: ``diagnosis_of`` (how a snapshot is read: issue 10 rewrites the scoring) and
``campaign_rules`` (which rules judge a campaign: issue 11 adds dated eligibility).
"""

from __future__ import annotations

from sqlmodel import Session

from ... import repository as repo
from ...domain.candidature import patrimoine_items
from ...domain.eligibilite import RESPECTE, Rules, evaluate
from ...domain.nombres import parse_montant
from ...domain.ranking import rank_text
from ...models import Campagne, Candidature, Commune, utcnow
from ..candidatures.avis import AVIS, avis_by_candidature
from ..candidatures.dossiers import contenu_of
from ..diagnostic.instantanes import view_content
from ..diagnostic.rangs import classement

__all__ = ["KEY_FIGURES", "build_pack", "campaign_rules", "diagnosis_of"]

# Key figures of the comparison table: snapshot indicator id → short French label.
KEY_FIGURES = {"taux_vacance": "Vacance", "evolution_population": "Évolution de la population"}


def campaign_rules(rules: Rules, campagne: Campagne) -> tuple[Rules, str | None]:
    """The rules that judge ``campagne`` and a French note when they are not the version the
    campaign names (only one version is loaded today; issue 11 brings dated versions)."""
    if rules.version == campagne.regles_version:
        return rules, None
    return rules, (
        f"La campagne renvoie aux règles {campagne.regles_version}, non disponibles : "
        f"éligibilité jugée selon les règles {rules.version}."
    )


def diagnosis_of(content: dict, code: str, rang: str | None = None) -> dict | None:
    """One commune's diagnosis read from a snapshot's content (scores 0–100 relative to the
    département, with coverage and data vintage, overrides applied, each indicator with its
    value, year and source). ``rang``: the one rank text of ``domain.ranking.rank_text``
    (ranks are not frozen in snapshots: they depend on eligibility)."""
    c = content["communes"].get(code)
    if c is None:
        return None
    adjusted = content.get("ajustements", {}).get(code, {})
    domaines = {}
    for d, (score, couverture) in c["domaines"].items():
        if d in adjusted:
            score = adjusted[d]["valeur"]
        domaines[d] = {"score": score, "couverture": couverture, "ajuste": d in adjusted}
    indicateurs = []
    for row in c["detail"]:
        info = content["indicateurs"].get(row[0], {})
        indicateurs.append(
            {
                "id": row[0],
                "libelle": info.get("libelle", row[0]),
                "unite": info.get("unite", ""),
                "domaine": info.get("domaine", ""),
                "valeur": row[1],
                "annee": row[7],
                "source": row[8],
            }
        )
    regles = content.get("regles", {})
    seuil = regles.get("seuil_couverture", content.get("seuil_couverture_faible", 0.5))
    return {
        "domaines": domaines,
        "global": c["global"],  # None: données insuffisantes (coverage under the threshold)
        "couverture": c["couverture"],
        "couverture_faible": c["couverture"] < seuil,
        "rang": rang,
        "millesimes": list(c.get("millesimes", [])),
        "indicateurs": indicateurs,
    }


def _montant(contenu: dict) -> float | None:
    """Amount asked: the sum of the estimated costs the commune declared (€ HT)."""
    couts = [parse_montant(i.get("cout")) for i in patrimoine_items(contenu)]
    couts = [c for c in couts if c is not None]
    return sum(couts) if couts else None


def _eligibility(session, rules, commune: Commune, memberships) -> dict:
    value = repo.to_value(commune, repo.epci_name(session, commune.epci_code))
    e = evaluate(value, memberships.get(commune.code_insee, []), rules)
    return {
        "statut": e.statut,
        "libelle": e.statut_libelle,
        "regles_version": e.regles_version,
        "raisons": [c.raison for c in e.criteres if c.statut != RESPECTE],
    }


def _row(session, rules, cand, commune, avis, memberships, content, ranking) -> dict:
    contenu = contenu_of(cand)
    diag = diagnosis_of(content, cand.code_insee, rank_text(ranking, cand.code_insee))
    figures = {}
    if diag:
        by_id = {i["id"]: i for i in diag["indicateurs"]}
        figures = {k: by_id[k] for k in KEY_FIGURES if k in by_id}
    titre = str(contenu.get("projet_titre") or "").strip()
    return {
        "candidature_id": cand.id,
        "version": cand.version,
        "etat": cand.etat,
        "code_insee": cand.code_insee,
        "commune": commune.nom,
        "population": commune.population,
        "population_annee": commune.population_annee,
        "epci": repo.epci_name(session, commune.epci_code),
        "eligibilite": _eligibility(session, rules, commune, memberships),
        "diagnostic": diag,
        "chiffres_cles": figures,
        "projet": titre or "sans titre",
        "projet_description": str(contenu.get("projet_description") or "").strip(),
        "logements_vacants_declares": str(contenu.get("logements_vacants") or "").strip(),
        "services_perdus": str(contenu.get("services_perdus") or "").strip(),
        "montant": _montant(contenu),
        "deposee_le": cand.deposee_le.date().isoformat() if cand.deposee_le else None,
        "avis": None
        if avis is None
        else {
            "avis": avis.avis,
            "libelle": AVIS[avis.avis],
            "motivation": avis.motivation,
            "enjeux": avis.enjeux,
            "par": avis.par,
            "le": avis.le.date().isoformat(),
        },
    }


def build_pack(
    session: Session, campagne: Campagne, rules: Rules, ordre: list[int], seance: dict
) -> dict:
    """The pack for the applications ``ordre`` (in that order) of ``campagne``."""
    rules, note = campaign_rules(rules, campagne)
    snap, content = view_content(session)
    ranking, _, _ = classement(session, rules)
    cands = [session.get(Candidature, cid) for cid in ordre]
    cands = [c for c in cands if c is not None and c.campagne_id == campagne.id]
    codes = [c.code_insee for c in cands]
    memberships = repo.active_memberships(session, codes) if codes else {}
    avis = avis_by_candidature(session, [c.id for c in cands])
    rows = [
        _row(
            session,
            rules,
            c,
            session.get(Commune, c.code_insee),
            avis.get(c.id),
            memberships,
            content,
            ranking,
        )
        for c in cands
    ]
    return {
        "genere_le": utcnow().isoformat(),
        "campagne": {
            "id": campagne.id,
            "nom": campagne.nom,
            "ouverture": campagne.ouverture.isoformat(),
            "cloture": campagne.cloture.isoformat(),
            "regles_version": campagne.regles_version,
        },
        "seance": seance,
        "regles": {"version": rules.version, "reference": rules.reference, "note": note},
        "instantane": {
            "id": snap.id if snap else None,
            "date": (snap.cree_le.isoformat() if snap else content["date"]),
            "ponderation": content["ponderation"]["libelle"],
            "catalogue": content["catalogue"],
        },
        "domaines": content["domaines"],
        "chiffres_cles": KEY_FIGURES,
        "candidatures": rows,
    }
