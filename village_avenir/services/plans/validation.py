"""Validation of the projet stratégique and the council's deliberation.

``validate``: an engineer validates the current version. It writes a new version « Projet
stratégique validé » holding everything the page showed, proposals included (the projet's texts
and each fiche: nothing in the validated version depends on a later change of the figures or
the parameter files), checks it (2 to 4 stakes, three orientations, every financing plan legal),
stamps it (``validee_le``, ``validee_par``) and queues the e-mail to the commune's accounts, in
one transaction. A validated version is frozen: later changes make new, non-validated versions.

``attach_deliberation``: the council's deliberation (a PDF checked like the applications'
deliberations, ``services.candidatures.pieces``) is attached to a validated version by the commune or an
engineer; the file is written only after the commit that refers to it.
"""

from __future__ import annotations

import json

from sqlmodel import Session, select

from ...domain.financement import FinancementInvalide, ParametresFinancement
from ...domain.planning import CatalogueActions
from ...domain.projet import ProjetInvalide, check_projet
from ...models import Commune, PlanVersion, utcnow
from ...parametres import load_parametres_candidature
from ..candidatures import pieces
from ..transaction import transaction
from . import messages
from .fiches import effective_fiche, effective_projet
from .store import (
    MODIFIE_EN_MEME_TEMPS,
    PlanConflit,
    PlanIntrouvable,
    PlanInvalide,
    actions_of,
    current_version,
    get_version,
    journal,
    new_version,
)

__all__ = ["attach_deliberation", "last_validated", "validate"]

DELIBERATION_FIELDS = (
    "deliberation_fichier",
    "deliberation_nom",
    "deliberation_taille",
    "deliberation_sha256",
    "deliberation_le",
    "deliberation_par",
)


def last_validated(session: Session, code: str) -> PlanVersion | None:
    """The latest validated version of the commune's plan (the one followed), or None."""
    stmt = select(PlanVersion).where(
        PlanVersion.code_insee == code, PlanVersion.validee_le.is_not(None)
    )
    return session.exec(stmt.order_by(PlanVersion.numero.desc())).first()


def validate(
    session: Session,
    code: str,
    catalogue: CatalogueActions,
    financements: ParametresFinancement,
    *,
    qui: str,
    version_attendue: int | None = None,
) -> PlanVersion:
    cur = current_version(session, code)
    if cur is None or not actions_of(session, cur):
        raise PlanInvalide("Le plan n'a aucune action : il n'y a rien à valider.")
    if cur.validee_le is not None:
        raise PlanInvalide(f"La version {cur.numero} est déjà validée.")
    projet, _ = effective_projet(session, cur, catalogue)
    check_projet(projet)
    depuis = utcnow().year
    with transaction(session, doublon=PlanConflit(MODIFIE_EN_MEME_TEMPS)):
        commune, new, copies = new_version(
            session, code, qui, "Projet stratégique validé", version_attendue
        )
        new.projet = json.dumps(projet.as_dict(), ensure_ascii=False)
        for row in copies.values():
            fiche, plan = effective_fiche(row, financements, depuis)
            if plan.erreurs:
                raise FinancementInvalide(f"« {row.libelle} » : " + " ".join(plan.erreurs))
            row.objectif = fiche["objectif"]
            row.porteur = fiche["maitre_ouvrage"]
            row.partenaires = json.dumps(fiche["partenaires"], ensure_ascii=False)
            row.calendrier = fiche["calendrier"]
            row.indicateur = fiche["indicateur"]
            row.financement = json.dumps(
                {"lignes": [list(x) for x in fiche["lignes"]], "derogation": fiche["derogation"]},
                ensure_ascii=False,
            )
        new.validee_le = utcnow()
        new.validee_par = qui
        session.flush()
        journal(session, qui, "validation", code, new, avant={"version": cur.numero},
                apres={"version": new.numero, "validee": True,
                       "financements": financements.version.code})  # fmt: skip
        messages.projet_valide(session, commune, new)
        return new


def attach_deliberation(
    session: Session, code: str, numero: int, data: bytes, nom: str, *, qui: str
) -> PlanVersion:
    """Attach (or replace) the deliberation of validated version ``numero``."""
    version = get_version(session, code, numero)
    if version is None:
        raise PlanIntrouvable(f"Version {numero} du plan introuvable.")
    if version.validee_le is None:
        raise ProjetInvalide(
            "La délibération s'attache à une version validée du projet stratégique."
        )
    params = load_parametres_candidature()
    stored = pieces.prepare(data, nom, params.taille_max, params.pages_max)
    previous = version.deliberation_fichier
    previous_fields = {n: getattr(version, n) for n in DELIBERATION_FIELDS}
    with transaction(session):
        commune = session.get(Commune, code)
        avant = {"deliberation": version.deliberation_nom}
        version.deliberation_fichier = stored.fichier
        version.deliberation_nom = stored.nom
        version.deliberation_taille = stored.taille
        version.deliberation_sha256 = stored.sha256
        version.deliberation_le = utcnow()
        version.deliberation_par = qui
        session.add(version)
        journal(
            session,
            qui,
            "deliberation",
            code,
            version,
            avant=avant,
            apres={"deliberation": stored.nom, "sha256": stored.sha256},
        )
        messages.deliberation_recue(session, commune, version)
    try:
        pieces.write(stored.fichier, data)  # after the commit that refers to it
    except OSError:
        with transaction(session):  # refer again to the previous file, journaled
            for name, value in previous_fields.items():
                setattr(version, name, value)
            session.add(version)
            journal(
                session,
                qui,
                "deliberation",
                code,
                version,
                apres={"deliberation": version.deliberation_nom},
                motif="Fichier non enregistré sur le serveur (erreur d'écriture).",
            )
        raise
    if previous and previous != stored.fichier:
        pieces.remove_quietly(previous)
    return version
