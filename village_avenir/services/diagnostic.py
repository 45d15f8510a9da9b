"""Diagnostic use cases: declared/assessed values, validation, overrides, weights, snapshots.

Contracts relied on by other areas (candidature, plan, maps):

- :func:`declare_value` — a commune (``origine="declaree"``) or an engineer
  (``origine="evaluee"``) records a value; one transaction, journaled.
- :func:`validate_value` — an engineer validates a declared value (then it enters scores).
- :func:`latest_scores` — ``code_insee → CommuneScores`` from the latest snapshot (or a
  provisional computation when no snapshot exists yet), overrides applied.
- the pure ``domain.scoring`` result (``ScoringResult.breakdown``) gives, per commune, every
  indicator's value, percentile, weight and contribution; snapshots freeze it as JSON.
"""

from __future__ import annotations

from sqlmodel import Session, select

from ..auth import DEPARTEMENT
from ..domain.dates import parse_annee
from ..domain.nombres import parse_decimal
from ..models import InstantaneDiagnostic, ValeurIndicateur, utcnow
from .audit import record
from .diagnostic_ajustements import check_weights, override_score, remove_override, save_weights
from .diagnostic_calcul import parametres
from .diagnostic_instantanes import (
    CommuneScores,
    SaisieInvalide,
    _code,
    latest_scores,
    take_snapshot,
    view_content,
)
from .transaction import transaction

__all__ = [
    "CommuneScores",
    "SaisieInvalide",
    "check_weights",
    "declare_value",
    "latest_scores",
    "override_score",
    "remove_override",
    "save_weights",
    "take_snapshot",
    "list_snapshots",
    "validate_value",
    "values_of",
    "view_content",
]

ORIGINES = {"declaree": "declaration", "evaluee": "evaluation"}


def origin_for(role: str) -> str:
    """Who enters a value decides its origin: Département staff assess (valid at once),
    a commune declares (validated later by an engineer)."""
    return "evaluee" if role in DEPARTEMENT else "declaree"


def entry_origins(role: str) -> set[str]:
    """The kinds of datum a role may enter: staff both, a commune only declared ones."""
    return {"declaree", "evaluee"} if role in DEPARTEMENT else {"declaree"}


MAX_SOURCE = 300  # characters, as the other « source » fields


def declare_value(
    session: Session, *, code_insee, indicateur, valeur, annee, source, qui, origine, commit=True
):
    """Record a value declared by a commune or assessed by an engineer; returns the row.

    With ``commit=False`` the change joins the caller's transaction (the caller commits).

    ``indicateur`` is a datum id of the catalogue (or a « direct » indicator id) whose
    obtention is ``declaree`` or ``evaluee``. A declared value waits for an engineer's
    validation before entering the scores; an assessed one is valid at once. Raises
    :class:`SaisieInvalide` (French message) and writes nothing on any bad input.
    """
    cat = parametres().catalogue
    ind = cat.by_id(indicateur)
    donnee_id = (
        str(ind.params["donnee"]) if ind is not None and ind.calcul == "direct" else indicateur
    )
    donnee = cat.donnees.get(donnee_id)
    if donnee is None:
        raise SaisieInvalide(f"Indicateur inconnu « {indicateur} ».")
    if donnee.obtention not in ORIGINES:
        raise SaisieInvalide(
            f"« {donnee.libelle} » provient d'un fichier officiel : importez ce fichier."
        )
    if origine not in ORIGINES:
        raise SaisieInvalide(
            "Origine invalide : « declaree » (commune) ou « evaluee » (ingénieur)."
        )
    if origine == "declaree" and donnee.obtention == "evaluee":
        raise SaisieInvalide(
            f"« {donnee.libelle} » est évalué par un ingénieur du Département, pas déclaré."
        )
    try:
        valeur = parse_decimal(valeur)
    except ValueError:
        raise SaisieInvalide(f"Valeur non numérique « {valeur} ».") from None
    if (
        valeur != valeur
        or (donnee.minimum is not None and valeur < donnee.minimum)
        or (donnee.maximum is not None and valeur > donnee.maximum)
    ):
        raise SaisieInvalide(
            f"Valeur hors bornes pour « {donnee.libelle} » ({donnee.minimum} à {donnee.maximum})."
        )
    try:
        annee = str(parse_annee(annee))
    except ValueError as exc:
        raise SaisieInvalide(str(exc)) from None
    source = (source or "").strip()
    if not source:
        raise SaisieInvalide("Indiquez la source de la valeur.")
    if len(source) > MAX_SOURCE:
        raise SaisieInvalide(
            f"La source compte {len(source)} caractères, {MAX_SOURCE} au plus : résumez-la."
        )
    code = _code(session, code_insee)

    existing = session.get(ValeurIndicateur, (code, donnee.id))
    if existing is not None and origine == "declaree":
        if existing.origine == "evaluee":
            raise SaisieInvalide(
                f"« {donnee.libelle} » a été évalué par un ingénieur du Département : une "
                "déclaration ne remplace pas cette valeur (demandez-lui de la revoir)."
            )
        if existing.valeur == valeur and existing.annee == annee and existing.statut == "valide":
            return existing  # the same figure again: it stays validated, nothing to record

    with transaction(session, commit=commit):
        row = existing
        avant = None
        if row is None:
            row = ValeurIndicateur(
                code_insee=code,
                donnee=donnee.id,
                valeur=valeur,
                source=source,
                origine=origine,
                saisi_par=qui,
            )
            session.add(row)
        else:
            avant = {
                "valeur": row.valeur,
                "annee": row.annee,
                "source": row.source,
                "origine": row.origine,
                "statut": row.statut,
            }
        row.valeur, row.annee, row.source, row.origine = valeur, annee, source, origine
        row.saisi_par, row.saisi_le = qui, utcnow()
        valid = origine == "evaluee"
        row.statut = "valide" if valid else "a_valider"
        row.valide_par, row.valide_le = (qui, utcnow()) if valid else (None, None)
        record(
            session,
            qui=qui,
            action=f"saisie:{ORIGINES[origine]}",
            objet="valeur_indicateur",
            objet_id=f"{code}/{donnee.id}",
            code_insee=code,
            avant=avant,
            apres={
                "valeur": valeur,
                "annee": annee,
                "source": source,
                "origine": origine,
                "statut": row.statut,
            },
        )
        return row


def validate_value(session: Session, *, code_insee, indicateur, qui, motif=None):
    """An engineer validates a value declared by a commune: it then enters the scores."""
    code = _code(session, code_insee)
    row = session.get(ValeurIndicateur, (code, indicateur))
    if row is None or row.statut != "a_valider":
        raise SaisieInvalide("Aucune valeur déclarée en attente de validation pour cet indicateur.")

    with transaction(session):
        row.statut, row.valide_par, row.valide_le = "valide", qui, utcnow()
        record(
            session,
            qui=qui,
            action="saisie:validation",
            objet="valeur_indicateur",
            objet_id=f"{code}/{indicateur}",
            code_insee=code,
            avant={"statut": "a_valider"},
            apres={"statut": "valide", "valeur": row.valeur},
            motif=motif,
        )
        return row


def values_of(session: Session, code_insee: str) -> list[ValeurIndicateur]:
    """Stored values of a commune (imported, declared, assessed), by datum id."""
    stmt = select(ValeurIndicateur).where(ValeurIndicateur.code_insee == code_insee)
    return list(session.exec(stmt.order_by(ValeurIndicateur.donnee)).all())


def list_snapshots(session: Session, limit: int = 100) -> list[InstantaneDiagnostic]:
    stmt = select(InstantaneDiagnostic).order_by(InstantaneDiagnostic.id.desc()).limit(limit)
    return list(session.exec(stmt).all())
