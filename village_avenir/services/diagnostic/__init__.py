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

from ...domain import saisie as entry
from ...domain.roles import DEPARTEMENT
from ...domain.saisie import ORIGINES
from ...models import InstantaneDiagnostic, ValeurIndicateur, utcnow
from ...parametres import load_parametres_diagnostic
from ..audit import record
from ..transaction import transaction
from .ajustements import check_weights, override_score, remove_override, save_weights
from .instantanes import (
    CommuneScores,
    SaisieInvalide,
    current_code,
    latest_scores,
    take_snapshot,
    view_content,
)

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


def origin_for(role: str) -> str:
    """Who enters a value decides its origin: Département staff assess (valid at once),
    a commune declares (validated later by an engineer)."""
    return "evaluee" if role in DEPARTEMENT else "declaree"


def entry_origins(role: str) -> set[str]:
    """The kinds of datum a role may enter: staff both, a commune only declared ones."""
    return {"declaree", "evaluee"} if role in DEPARTEMENT else {"declaree"}


def declare_value(
    session: Session, *, code_insee, indicateur, valeur, annee, source, qui, origine, commit=True
):
    """Record a value declared by a commune or assessed by an engineer; returns the row.

    With ``commit=False`` the change joins the caller's transaction (the caller commits).

    ``indicateur`` is a datum id of the catalogue (or a « direct » indicator id) whose
    obtention is ``declaree`` or ``evaluee``. A declared value waits for an engineer's
    validation before entering the scores; an assessed one is valid at once. The entry rules
    are :mod:`village_avenir.domain.saisie`'s; raises :class:`SaisieInvalide` (French
    message) and writes nothing on any bad input.
    """
    saisie = entry.check_saisie(
        load_parametres_diagnostic().catalogue,
        indicateur=indicateur,
        valeur=valeur,
        annee=annee,
        source=source,
        origine=origine,
    )
    code = current_code(session, code_insee)
    existing = session.get(ValeurIndicateur, (code, saisie.donnee.id))
    unchanged = not entry.needs_writing(saisie, existing)
    if unchanged:
        return existing  # the same figure again: it stays validated, nothing to record
    donnee, valeur, annee, source = saisie.donnee, saisie.valeur, saisie.annee, saisie.source

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
        row.statut = saisie.statut
        valid = row.statut == "valide"
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
    code = current_code(session, code_insee)
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
