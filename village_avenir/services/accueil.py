"""What the home page shows: the programme in figures for everyone, a commune's own situation
for its mayor, and the work waiting for the Département's engineers. Read-only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from ..domain import workflow as wf
from ..domain.dates import as_utc
from ..domain.eligibilite import A_VERIFIER, ELIGIBLE, NON_ELIGIBLE, Rules
from ..models import Campagne, Candidature, Commune
from .candidatures.dossiers import list_candidatures, open_campaign
from .commission.seance import AJOURNEE, decisions_for
from .eligibilite import Assessment, assess, assess_all

__all__ = [
    "NEXT_STEP",
    "Departement",
    "Programme",
    "Situation",
    "commune_view",
    "departement_view",
    "programme",
]

# What a mayor should do next, by state of their latest application.
NEXT_STEP = {
    None: "Vérifiez l'éligibilité de votre commune, puis préparez sa candidature.",
    wf.BROUILLON: "Complétez votre dossier de candidature, joignez la délibération, puis déposez-le.",
    wf.DEPOSEE: "Votre dossier est déposé : le Département va l'examiner. Rien à faire pour l'instant.",
    wf.EN_INSTRUCTION: "Votre dossier est en cours d'examen par le Département. Rien à faire pour l'instant.",
    wf.COMPLEMENT_DEMANDE: "Le Département vous demande un complément : lisez son message et complétez le dossier.",
    wf.COMPLETEE: "Votre complément est envoyé : le Département reprend l'examen du dossier.",
    wf.RETENUE: "Votre commune est retenue : le Département prépare avec vous le plan stratégique.",
    wf.NON_RETENUE: "Votre candidature n'a pas été retenue : le motif figure dans le dossier.",
    wf.CLASSEE_SANS_SUITE: "Votre candidature a été classée sans suite : le motif figure dans le dossier.",
}
# States in which an application waits for the Département.
WAITING = (wf.DEPOSEE, wf.COMPLETEE, wf.EN_INSTRUCTION)


@dataclass(frozen=True)
class Programme:
    """Counts of the public presentation."""

    communes: int
    eligibles: int
    non_eligibles: int
    a_verifier: int
    campagne: Campagne | None


@dataclass(frozen=True)
class Situation:
    """A mayor's view: the commune, its eligibility, its latest application, the next step."""

    assessment: Assessment
    candidature: Candidature | None
    campagne: Campagne | None
    prochaine_etape: str
    ajournee_le: date | None = None  # the committee postponed its decision (session date)


@dataclass(frozen=True)
class Departement:
    """An engineer's view: applications by state, those waiting, communes to confirm."""

    par_etat: list[tuple[str, str, int]]  # (code, label, count), every state, workflow order
    en_attente: list[tuple[Candidature, Commune, Campagne]]
    a_confirmer: list[Assessment]


def programme(session: Session, rules: Rules) -> Programme:
    counts = Counter(a.eligibility.statut for a in assess_all(session, rules))
    return Programme(
        communes=sum(counts.values()),
        eligibles=counts[ELIGIBLE],
        non_eligibles=counts[NON_ELIGIBLE],
        a_verifier=counts[A_VERIFIER],
        campagne=open_campaign(session),
    )


def commune_view(session: Session, rules: Rules, code: str) -> Situation:
    assessment = assess(session, rules, code)
    rows = list_candidatures(session, code_insee=code)  # latest campaign first
    cand, _commune, campagne = rows[0] if rows else (None, None, None)
    etape, ajournee_le = NEXT_STEP[cand.etat if cand else None], None
    if cand is not None and cand.etat not in wf.FINAL_STATES:
        decisions = decisions_for(session, cand)
        last = decisions[-1][0] if decisions else None
        # Until the next step of the instruction (a complement asked afterwards, say).
        if last and last.decision == AJOURNEE and as_utc(cand.etat_depuis) <= as_utc(last.le):
            ajournee_le = decisions[-1][1]
            etape = (
                f"La commission de sélection du {ajournee_le:%d/%m/%Y} a ajourné sa décision : "
                "votre candidature reste en instruction et sera présentée à une prochaine "
                "commission. Rien à faire pour l'instant."
            )
    return Situation(
        assessment=assessment,
        candidature=cand,
        campagne=campagne,
        prochaine_etape=etape,
        ajournee_le=ajournee_le,
    )


def departement_view(session: Session, rules: Rules) -> Departement:
    rows = list_candidatures(session)
    counts = Counter(cand.etat for cand, _c, _k in rows)
    return Departement(
        par_etat=[(code, label, counts[code]) for code, label in wf.ETATS.items()],
        en_attente=[r for r in rows if r[0].etat in WAITING],
        a_confirmer=[a for a in assess_all(session, rules) if a.eligibility.statut == A_VERIFIER],
    )
