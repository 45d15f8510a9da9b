"""E-mails of the projet stratégique, queued in the caller's transaction (``courriels.queue``):
the commune's accounts when the Département validates the projet or decides on a status it
proposed, the engineers when the commune attaches its deliberation or proposes a status.

The texts are templates (``templates/courriels/<function>.txt``, ``courriels.gabarits``), with
only what the recipient may read on the site; the links are built here."""

from __future__ import annotations

from datetime import date

from ...domain.roles import COMMUNE
from ...models import Courriel
from ..courriels.gabarits import render
from ..courriels.messages import comptes, ingenieurs, lien, queue_all

__all__ = ["deliberation_recue", "projet_valide", "statut_decide", "statut_propose"]


def _commune(session, commune):
    """The active accounts of the commune."""
    return comptes(session, role=COMMUNE, commune=commune.code_insee)


def projet_valide(session, commune, version) -> list[Courriel]:
    """To the commune's accounts (the mayor): the projet is validated, its PDF is ready."""
    code = commune.code_insee
    message = render(
        "projet_valide",
        commune=commune,
        version=version,
        url_pdf=lien("plans.projet_pdf", code=code, numero=version.numero),
        url=lien("plans.plan", code=code),
    )
    return queue_all(session, _commune(session, commune), "projet_valide", message, f"plan:{code}")


def deliberation_recue(session, commune, version) -> list[Courriel]:
    """To the engineers: the council's deliberation on the projet was attached."""
    message = render(
        "deliberation_recue",
        commune=commune,
        version=version,
        url=lien("plans.plan", code=commune.code_insee),
    )
    return queue_all(
        session, ingenieurs(session), "deliberation_plan", message, f"plan:{commune.code_insee}"
    )


def statut_propose(session, commune, libelle: str, statut: str) -> list[Courriel]:
    """To the engineers: the commune proposes a status for an action."""
    message = render(
        "statut_propose",
        commune=commune,
        libelle=libelle,
        statut=statut,
        url=lien("plans.suivi", code=commune.code_insee),
    )
    return queue_all(
        session, ingenieurs(session), "statut_plan", message, f"plan:{commune.code_insee}"
    )


def statut_decide(
    session,
    commune,
    libelle: str,
    statut: str,
    *,
    quand: date | None = None,
    accepte: bool = False,
    reponse: str = "",
) -> list[Courriel]:
    """To the commune: the Département set a status as of ``quand``, or (``quand`` None)
    accepted or refused — with its ``reponse`` — the status the commune proposed."""
    message = render(
        "statut_decide",
        libelle=libelle,
        statut=statut,
        quand=quand,
        accepte=accepte,
        reponse=reponse,
        url=lien("plans.suivi", code=commune.code_insee),
    )
    return queue_all(
        session, _commune(session, commune), "statut_plan", message, f"plan:{commune.code_insee}"
    )
