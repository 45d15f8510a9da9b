"""Engineer-only changes of the diagnostic: score overrides and dated weight versions."""

from __future__ import annotations

import json

from sqlmodel import Session, select

from ...domain.nombres import parse_decimal
from ...domain.scoring import PonderationInvalide, Weights
from ...models import AjustementScore, VersionPonderation, utcnow
from ...parametres import load_parametres_diagnostic
from ..audit import record
from ..transaction import transaction
from .calcul import current_weights
from .instantanes import SaisieInvalide, current_code, latest_scores, take_snapshot

__all__ = ["check_weights", "override_score", "remove_override", "save_weights"]


MAX_MOTIF = 2000  # characters of a written reason


def _motif_bounded(motif: str) -> str:
    if len(motif) > MAX_MOTIF:
        raise SaisieInvalide(
            f"Le motif compte {len(motif)} caractères, {MAX_MOTIF} au plus : résumez-le."
        )
    return motif


def override_score(session: Session, *, code_insee, domaine, valeur, motif, qui) -> AjustementScore:
    """Override a domain score (0–100) with a written reason; the computed value is kept."""
    if domaine not in load_parametres_diagnostic().catalogue.domaines:
        raise SaisieInvalide(f"Domaine inconnu « {domaine} ».")
    motif = _motif_bounded((motif or "").strip())
    if len(motif) < 10:
        raise SaisieInvalide("Un ajustement exige un motif écrit (10 caractères au moins).")
    try:
        valeur = parse_decimal(valeur)
    except ValueError:
        raise SaisieInvalide("Le score ajusté doit être un nombre entre 0 et 100.") from None
    if not 0 <= valeur <= 100:
        raise SaisieInvalide("Le score ajusté doit être compris entre 0 et 100.")
    code = current_code(session, code_insee)
    computed = latest_scores(session)[code].calcules.get(domaine)

    with transaction(session):
        for prev in session.exec(
            select(AjustementScore).where(
                AjustementScore.code_insee == code,
                AjustementScore.domaine == domaine,
                AjustementScore.actif == True,  # noqa: E712
            )
        ).all():
            prev.actif, prev.retire_par, prev.retire_le = False, qui, utcnow()
        adj = AjustementScore(
            code_insee=code,
            domaine=domaine,
            valeur=valeur,
            valeur_calculee=computed,
            motif=motif,
            cree_par=qui,
        )
        session.add(adj)
        session.flush()
        record(
            session,
            qui=qui,
            action="diagnostic:ajustement",
            objet="ajustement",
            objet_id=str(adj.id),
            code_insee=code,
            avant={"domaine": domaine, "score_calcule": computed},
            apres={"domaine": domaine, "score_retenu": valeur},
            motif=motif,
        )
        return adj


def remove_override(
    session: Session, *, ajustement_id: int, motif: str, qui: str
) -> AjustementScore:
    adj = session.get(AjustementScore, ajustement_id)
    if adj is None or not adj.actif:
        raise SaisieInvalide("Ajustement introuvable ou déjà retiré.")
    if len(_motif_bounded((motif or "").strip())) < 10:
        raise SaisieInvalide("Retirer un ajustement exige un motif écrit (10 caractères au moins).")

    with transaction(session):
        adj.actif, adj.retire_par, adj.retire_le = False, qui, utcnow()
        record(
            session,
            qui=qui,
            action="diagnostic:retrait",
            objet="ajustement",
            objet_id=str(adj.id),
            code_insee=adj.code_insee,
            avant={"score_retenu": adj.valeur},
            apres={"actif": False},
            motif=motif.strip(),
        )
        return adj


MAX_WEIGHT = 100


def _weight(raw, label: str) -> float:
    """One weight: a finite number from 0 to MAX_WEIGHT (decimal comma accepted)."""
    try:
        value = parse_decimal(raw)
    except ValueError:
        raise SaisieInvalide(
            f"Le poids de « {label} » doit être un nombre (ex. 1 ou 0,5)."
        ) from None
    if not 0 <= value <= MAX_WEIGHT:
        raise SaisieInvalide(f"Le poids de « {label} » doit être compris entre 0 et {MAX_WEIGHT}.")
    return value


def check_weights(indicateurs: dict, domaines: dict) -> dict:
    """Validated weights dict (same keys as the catalogue) or :class:`SaisieInvalide`."""
    cat = load_parametres_diagnostic().catalogue
    if set(indicateurs) != {i.id for i in cat.indicateurs} or set(domaines) != set(cat.domaines):
        raise SaisieInvalide(
            "Les poids doivent couvrir exactement les indicateurs et les domaines du catalogue."
        )
    labels = {i.id: i.libelle for i in cat.indicateurs} | dict(cat.domaines)
    try:
        w = Weights(
            {k: _weight(v, labels.get(k, k)) for k, v in indicateurs.items()},
            {k: _weight(v, labels.get(k, k)) for k, v in domaines.items()},
            load_parametres_diagnostic().normalisation,
        )
    except PonderationInvalide as exc:
        raise SaisieInvalide(f"Poids invalides : {exc}") from exc
    if sum(w.domaines.values()) <= 0:
        raise SaisieInvalide("Au moins un domaine doit avoir un poids positif.")
    return {
        "indicateurs": dict(w.indicateurs),
        "domaines": dict(w.domaines),
        "normalisation": w.normalisation,
    }


def save_weights(
    session: Session, *, indicateurs: dict, domaines: dict, motif: str, qui: str
) -> VersionPonderation:
    """Save a new dated weights version (never an overwrite) and take a snapshot with it."""
    weights = check_weights(indicateurs, domaines)
    motif = _motif_bounded((motif or "").strip())
    if len(motif) < 10:
        raise SaisieInvalide(
            "Indiquez le motif du changement de pondération (10 caractères au moins)."
        )
    _, before = current_weights(session)

    with transaction(session):
        version = VersionPonderation(
            cree_par=qui,
            motif=motif,
            normalisation=weights["normalisation"],
            poids=json.dumps(
                {"indicateurs": weights["indicateurs"], "domaines": weights["domaines"]}
            ),
        )
        session.add(version)
        session.flush()
        record(
            session,
            qui=qui,
            action="diagnostic:ponderation",
            objet="ponderation",
            objet_id=str(version.id),
            avant=before,
            apres=weights,
            motif=motif,
        )
        take_snapshot(
            session, qui=qui, motif=f"Nouvelle pondération n° {version.id} : {motif}", commit=False
        )
        return version
