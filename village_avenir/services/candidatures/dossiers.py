"""Applications (candidatures), commune side: start, save drafts, deposit; read queries for
the lists, the maps (``states_by_commune``) and the diagnosis (``declared_values``).

Every writer runs in one transaction and is journaled (``objet="candidature"``).
"""

from __future__ import annotations

import json
from datetime import date, datetime

from flask import current_app
from sqlmodel import Session, select

from ...domain import workflow as wf
from ...domain.candidature import (
    DeclaredValue,
    declared_from,
    invalid_choices,
    missing_items,
    oversized,
)
from ...domain.dates import as_utc
from ...domain.eligibilite import INEXISTANTE, NON_ELIGIBLE
from ...domain.refus import Refus
from ...models import Campagne, Candidature, Commune, utcnow
from ...parametres import load_parametres_candidature
from ..audit import record_candidature
from ..courriels import messages as courriels
from ..transaction import transaction
from . import deliberations, pieces
from .diagnostic import feed_diagnosis
from .echanges import MAX_TEXTE, REPONSE, write_echange

__all__ = [
    "CandidatureRefusee",
    "ConflitEdition",
    "DeclaredValue",
    "DossierIncomplet",
    "TexteTropLong",
    "contenu_of",
    "declared_values",
    "deposit",
    "list_candidatures",
    "missing",
    "open_campaign",
    "save_draft",
    "start",
    "states_by_commune",
]

# No application from a commune not eligible, or not yet created at the rules' date.
SANS_DEPOT = (NON_ELIGIBLE, INEXISTANTE)


class CandidatureRefusee(Refus, ValueError):
    """The action is not possible on this application (message in French)."""


class ConflitEdition(Refus, ValueError):
    """Someone else saved the application in the meantime."""

    status = 409

    def __init__(self):
        super().__init__(
            "Quelqu'un d'autre a enregistré cette candidature pendant que vous la modifiiez. "
            "Votre saisie n'a pas été enregistrée mais elle est conservée ci-dessous : "
            "vérifiez la version actuelle puis enregistrez à nouveau."
        )


class TexteTropLong(CandidatureRefusee):
    """A text of the draft is over its limit: nothing is saved (message in French)."""

    def __init__(self, problems: list[str]):
        super().__init__(
            "Le brouillon n'a pas été enregistré : " + " ; ".join(problems) + ". Raccourcissez "
            "ces textes (votre saisie est conservée ci-dessous) puis enregistrez."
        )


class DossierIncomplet(Refus, ValueError):
    def __init__(self, manques: list[str]):
        super().__init__("Le dossier est incomplet : " + " ; ".join(manques) + ".")
        self.manques = manques


def contenu_of(cand: Candidature) -> dict:
    return json.loads(cand.contenu or "{}")


def missing(cand: Candidature) -> list[str]:
    """What prevents the deposit: missing items (the deliberation counts only when its file
    is on disk), then values outside the choice lists."""
    contenu = contenu_of(cand)
    return missing_items(contenu, pieces.is_stored(cand.deliberation_fichier)) + invalid_choices(
        contenu, load_parametres_candidature()
    )


def open_campaign(session: Session, today: date | None = None) -> Campagne | None:
    today = today or date.today()
    stmt = (
        select(Campagne)
        .where(Campagne.ouverture <= today, Campagne.cloture >= today)
        .order_by(Campagne.ouverture.desc())
    )
    return session.exec(stmt).first()


def start(session: Session, *, code_insee: str, statut: str, raisons: list[str], qui: str):
    """The commune's application to the open campaign, created as a draft if needed."""
    campagne = open_campaign(session)
    if campagne is None:
        raise CandidatureRefusee("Aucun appel à candidatures n'est ouvert aujourd'hui.")
    existing = session.exec(
        select(Candidature).where(
            Candidature.campagne_id == campagne.id, Candidature.code_insee == code_insee
        )
    ).first()
    if existing is not None:
        return existing
    if statut in SANS_DEPOT:
        raise CandidatureRefusee(
            "La commune n'est pas éligible à Village A-Venir : " + " ".join(raisons)
        )
    cand = Candidature(campagne_id=campagne.id, code_insee=code_insee, cree_par=qui)
    with transaction(session, conflit=ConflitEdition):
        session.add(cand)
        session.flush()
        record_candidature(
            session, cand, "creation", qui=qui, apres={"campagne": campagne.nom, "etat": cand.etat}
        )
    return cand


def _check_editable(cand: Candidature, version_attendue: int | None) -> None:
    if cand.etat not in wf.EDITABLE_BY_COMMUNE:
        raise CandidatureRefusee(
            f"La candidature est « {wf.label(cand.etat)} » : elle ne peut plus être modifiée."
        )
    if version_attendue != cand.version:
        raise ConflitEdition()


def save_draft(
    session: Session,
    cand: Candidature,
    *,
    contenu: dict,
    version_attendue: int | None,
    qui: str,
    piece: tuple[str, bytes] | None = None,
) -> str | None:
    """Save what was typed, valid or not. A refused file does not stop the save: its French
    refusal message is returned (None when the file, if any, was accepted). A text over its
    limit (``domain.candidature.oversized``) raises TexteTropLong and saves nothing."""
    _check_editable(cand, version_attendue)
    problems = oversized(contenu)
    if problems:
        raise TexteTropLong(problems)
    before = contenu_of(cand)
    # A key never saved counts as empty, so that the first save journals only what was typed.
    avant = {k: before.get(k, "") for k in contenu if before.get(k, "") != contenu[k]}
    apres = {k: contenu[k] for k in avant}
    refus, stored = None, None
    if piece is not None and piece[1]:
        limites = load_parametres_candidature()
        try:
            stored = pieces.prepare(piece[1], piece[0], limites.taille_max, limites.pages_max)
        except pieces.PieceRefusee as exc:
            refus = str(exc)
        else:
            avant["deliberation"] = cand.deliberation_nom
            apres["deliberation"] = f"{stored.nom} ({stored.taille} octets, {stored.sha256})"
    if not apres:
        return refus
    previous = deliberations.current(cand)
    with transaction(session, conflit=ConflitEdition):
        if stored is not None:
            deliberations.attach(cand, stored)
        cand.contenu = json.dumps(contenu, ensure_ascii=False)
        cand.modifie_le = utcnow()
        session.add(cand)
        record_candidature(session, cand, "modification", qui=qui, avant=avant, apres=apres)
    if stored is None:
        return refus
    # The file is written only now that the row referring to it is committed: a refused or
    # crashed commit leaves no file behind (see ``services.candidatures.deliberations``).
    try:
        pieces.write(stored.fichier, piece[1])
    except OSError:
        current_app.logger.exception("Pièce %s non écrite", stored.fichier)
        with transaction(session, conflit=ConflitEdition):
            deliberations.restore(session, cand, previous, qui=qui)
        return deliberations.NON_ECRITE
    pieces.remove_quietly(previous["deliberation_fichier"])  # only once the new one is written
    return refus


def deposit(
    session: Session,
    cand: Candidature,
    *,
    qui: str,
    role: str,
    statut: str,
    raisons: list[str],
    version_attendue: int | None,
    reponse: str | None = None,
) -> Candidature:
    """Deposit a draft (→ déposée) or send the requested complement (→ complétée).

    With a complement, ``reponse`` (the commune's answer, optional) is added to the
    exchanges in the same transaction: answering and completing move the state once."""
    _check_editable(cand, version_attendue)
    cible = wf.DEPOSEE if cand.etat == wf.BROUILLON else wf.COMPLETEE
    reponse = (reponse or "").strip()
    if len(reponse) > MAX_TEXTE:
        raise CandidatureRefusee(f"La réponse dépasse {MAX_TEXTE} caractères.")
    if cible == wf.DEPOSEE:
        campagne = session.get(Campagne, cand.campagne_id)
        if not (campagne.ouverture <= date.today() <= campagne.cloture):
            raise CandidatureRefusee(
                f"L'appel à candidatures « {campagne.nom} » est clos depuis le "
                f"{campagne.cloture.strftime('%d/%m/%Y')}."
            )
        if statut in SANS_DEPOT:
            raise CandidatureRefusee(
                "La commune n'est pas éligible : la candidature ne peut pas être déposée. "
                + " ".join(raisons)
            )
    manques = missing(cand)
    if manques:
        raise DossierIncomplet(manques)
    wf.check_transition(cand.etat, cible, role)
    avant = {"etat": cand.etat}
    with transaction(session, conflit=ConflitEdition):
        cand.etat, cand.etat_depuis = cible, utcnow()
        if cible == wf.DEPOSEE:
            cand.deposee_le, cand.eligibilite_au_depot = cand.etat_depuis, statut
        session.add(cand)
        record_candidature(
            session,
            cand,
            "transition",
            qui=qui,
            avant=avant,
            apres={"etat": cible, "eligibilite": statut},
        )
        if reponse and cible == wf.COMPLETEE:
            write_echange(session, cand, REPONSE, reponse, qui)
        feed_diagnosis(session, cand, declared_values(cand), qui)
        # The e-mails go in the same transaction (outbox): sent only if the deposit commits.
        commune_nom = session.get(Commune, cand.code_insee).nom
        if cible == wf.DEPOSEE:
            campagne = session.get(Campagne, cand.campagne_id)
            courriels.depot(session, cand, campagne, commune_nom, contenu_of(cand))
            courriels.depot_recu(session, cand, campagne, commune_nom, contenu_of(cand))
        else:
            courriels.complement_accuse(session, cand, commune_nom)
            courriels.complement_recu(session, cand, commune_nom, reponse)
    return cand


def list_candidatures(
    session: Session, *, code_insee: str | None = None, etat: str | None = None
) -> list[tuple[Candidature, Commune, Campagne]]:
    stmt = (
        select(Candidature, Commune, Campagne)
        .join(Commune, Commune.code_insee == Candidature.code_insee)
        .join(Campagne, Campagne.id == Candidature.campagne_id)
        .order_by(Campagne.ouverture.desc(), Commune.nom)
    )
    if code_insee is not None:
        stmt = stmt.where(Candidature.code_insee == code_insee)
    if etat:
        stmt = stmt.where(Candidature.etat == etat)
    return [tuple(row) for row in session.exec(stmt).all()]


def states_by_commune(session: Session) -> dict[str, tuple[str, str, datetime]]:
    """For the maps: each commune's latest application → (state code, French label, since)."""
    stmt = (
        select(Candidature, Campagne)
        .join(Campagne, Campagne.id == Candidature.campagne_id)
        .order_by(Campagne.ouverture, Candidature.id)
    )
    out = {}
    for cand, _campagne in session.exec(stmt).all():  # later campaigns overwrite earlier ones
        out[cand.code_insee] = (cand.etat, wf.label(cand.etat), as_utc(cand.etat_depuis))
    return out


def declared_values(cand: Candidature) -> list[DeclaredValue]:
    """Figures the commune declared in this application (for the diagnosis)."""
    when = as_utc(cand.deposee_le or cand.modifie_le)
    source = (
        f"Candidature n° {cand.id} de la commune {cand.code_insee} à Village A-Venir "
        f"(déclaration de la commune, {when.strftime('%d/%m/%Y')})"
    )
    return declared_from(contenu_of(cand), load_parametres_candidature(), when.year, source)
