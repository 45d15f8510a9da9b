"""Engineer edits of scheme memberships: add, confirm, remove — each with a reason.

Rows are never deleted: removing sets ``actif`` to False, so an old eligibility can be
traced. Every change is journaled with the values before and after.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from ..domain.communes import normalize_code
from ..domain.dates import (
    ADHESION_ANNEE_MAX,
    ADHESION_ANNEE_MIN,
    SaisieInvalide,
    check_date_periode,
    parse_date_partielle,
)
from ..domain.eligibilite import Rules
from ..domain.refus import Refus
from ..models import Adhesion, Commune, utcnow
from .audit import record
from .transaction import transaction

__all__ = ["AdhesionInvalide", "add_membership", "confirm_membership", "remove_membership"]

TRACKED = (
    "programme",
    "niveau_preuve",
    "source",
    "source_url",
    "date_source",
    "preuve",
    "debut",
    "fin",
    "actif",
)


class AdhesionInvalide(Refus, ValueError):
    """The membership change cannot be made as asked (message in French)."""


def _snapshot(a: Adhesion) -> dict:
    return {k: getattr(a, k) for k in TRACKED}


def _motif(motif: str | None) -> str:
    text = (motif or "").strip()
    if len(text) < 5:
        raise AdhesionInvalide("Indiquez le motif de la modification (5 caractères au moins).")
    return text


def add_membership(
    session: Session,
    rules: Rules,
    *,
    code_insee: str,
    programme: str,
    niveau_preuve: str,
    source: str,
    motif: str,
    qui: str,
    source_url: str | None = None,
    date_source: str | None = None,
    preuve: str | None = None,
    debut: date | None = None,
    fin: date | None = None,
) -> Adhesion:
    """Record a membership an engineer has evidence of (start and end when known)."""
    motif = _motif(motif)
    code = normalize_code(code_insee)
    if session.get(Commune, code) is None:
        raise AdhesionInvalide(f"Commune {code} inconnue.")
    if rules.scheme(programme) is None:
        raise AdhesionInvalide(f"Dispositif inconnu « {programme} ».")
    if niveau_preuve not in rules.levels:
        raise AdhesionInvalide(f"Niveau de preuve inconnu « {niveau_preuve} ».")
    if not source.strip():
        raise AdhesionInvalide("Indiquez la source de cette adhésion.")
    if (date_source or "").strip():
        try:  # shown publicly on the sheet: a real date, a sane year, digits 0-9
            date_source = parse_date_partielle(date_source)
        except ValueError as exc:
            raise AdhesionInvalide(f"Date de la source : {exc}") from None
    try:  # a date outside the period is a typing error (the schemes started in 2018)
        for quand in (debut, fin):
            if quand is not None:
                check_date_periode(quand, ADHESION_ANNEE_MIN, ADHESION_ANNEE_MAX)
    except SaisieInvalide:
        raise AdhesionInvalide(
            "Les dates d'adhésion doivent être comprises entre "
            f"{ADHESION_ANNEE_MIN} et {ADHESION_ANNEE_MAX}."
        ) from None
    if debut and fin and fin < debut:
        raise AdhesionInvalide("La fin de l'adhésion précède son début.")
    adhesion = Adhesion(
        code_insee=code,
        programme=programme,
        niveau_preuve=niveau_preuve,
        source=source.strip(),
        source_url=(source_url or "").strip() or None,
        date_source=(date_source or "").strip() or None,
        preuve=(preuve or "").strip() or None,
        debut=debut,
        fin=fin,
        cree_par=qui,
        motif=motif,
    )
    doublon = AdhesionInvalide(
        "Une adhésion à ce dispositif existe déjà pour cette commune avec la même source."
    )
    with transaction(session, doublon=doublon):
        session.add(adhesion)
        session.flush()
        record(
            session,
            qui=qui,
            action="saisie:creation",
            objet="adhesion",
            objet_id=str(adhesion.id),
            code_insee=code,
            apres=_snapshot(adhesion),
            motif=motif,
        )
    return adhesion


def _get(session: Session, adhesion_id: int, code_insee: str) -> Adhesion:
    adhesion = session.get(Adhesion, adhesion_id)
    if adhesion is None or adhesion.code_insee != code_insee:
        raise AdhesionInvalide("Adhésion introuvable pour cette commune.")
    return adhesion


def _change(
    session: Session, adhesion: Adhesion, values: dict, *, qui: str, motif: str, action: str
) -> Adhesion:
    before = _snapshot(adhesion)
    with transaction(session):
        for k, v in values.items():
            setattr(adhesion, k, v)
        adhesion.modifie_par, adhesion.modifie_le, adhesion.motif = qui, utcnow(), motif
        record(
            session,
            qui=qui,
            action=action,
            objet="adhesion",
            objet_id=str(adhesion.id),
            code_insee=adhesion.code_insee,
            avant=before,
            apres=_snapshot(adhesion),
            motif=motif,
        )
    return adhesion


def _with_source(motif: str, source: str | None) -> str:
    text = (source or "").strip()
    return f"{motif} (source : {text})" if text else motif


def confirm_membership(
    session: Session,
    adhesion_id: int,
    code_insee: str,
    *,
    motif: str,
    qui: str,
    source: str | None = None,
) -> Adhesion:
    """Raise a doubtful membership to « confirmé » (certain): the commune is then excluded.

    ``source`` (what settled it) is kept with the reason in the row and the journal."""
    motif = _with_source(_motif(motif), source)
    adhesion = _get(session, adhesion_id, code_insee)
    if not adhesion.actif:
        raise AdhesionInvalide("Cette adhésion a été retirée : elle ne peut pas être confirmée.")
    if adhesion.niveau_preuve == "confirme":
        raise AdhesionInvalide("Cette adhésion est déjà confirmée.")
    return _change(
        session,
        adhesion,
        {"niveau_preuve": "confirme"},
        qui=qui,
        motif=motif,
        action="saisie:confirmation",
    )


def remove_membership(
    session: Session,
    adhesion_id: int,
    code_insee: str,
    *,
    motif: str,
    qui: str,
    source: str | None = None,
) -> Adhesion:
    """Withdraw a membership (kept, inactive) — e.g. evidence shown to be wrong."""
    motif = _with_source(_motif(motif), source)
    adhesion = _get(session, adhesion_id, code_insee)
    if not adhesion.actif:
        raise AdhesionInvalide("Cette adhésion est déjà retirée.")
    return _change(
        session, adhesion, {"actif": False}, qui=qui, motif=motif, action="saisie:retrait"
    )
