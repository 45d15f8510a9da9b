"""The colourings available on the département map (see :mod:`.layers` for how to add one).

Registered here, at import, in the order the map form lists them.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from .. import repository as repo
from .. import services
from ..domain import workflow as wf
from ..domain.eligibilite import A_VERIFIER, ELIGIBLE, NON_ELIGIBLE, STATUTS
from ..domain.nombres import format_nombre
from ..domain.planning import DOMAINES
from ..domain.roles import DEPARTEMENT
from ..parametres import load_regles
from ..services.candidatures.dossiers import states_by_commune
from ..services.diagnostic import latest_scores
from .data import REFERENTIEL
from .layers import Category, LayerValue, register_colouring

__all__ = [
    "candidature_values",
    "eligibility_values",
    "need_values",
    "population_values",
    "villages_avenir_values",
]


def eligibility_values(session: Session) -> dict[str, LayerValue]:
    """Eligibility status of every commune today, under the rules in force."""
    rules = load_regles()
    source = f"Règles d'éligibilité {rules.version} ; adhésions aux dispositifs connues"
    year = str(date.today().year)
    return {
        a.commune.code_insee: LayerValue(
            a.eligibility.statut, a.eligibility.statut_libelle, year, source
        )
        for a in services.assess_all(session, rules)
    }


def population_values(session: Session) -> dict[str, LayerValue]:
    """Municipal population, with the referential's source and vintage."""
    return {
        c.code_insee: LayerValue(
            c.population,
            f"{format_nombre(c.population)} habitants",
            c.population_annee,
            c.population_source or c.source,
        )
        for c in repo.list_communes(session)
        if c.population is not None
    }


register_colouring(
    "eligibilite",
    "Éligibilité à Village A-Venir",
    eligibility_values,
    "categories",
    categories=[
        Category(ELIGIBLE, STATUTS[ELIGIBLE], "éligibles"),
        Category(NON_ELIGIBLE, STATUTS[NON_ELIGIBLE], "non éligibles"),
        Category(A_VERIFIER, STATUTS[A_VERIFIER], "à vérifier"),
    ],
    description="Statut d'éligibilité aujourd'hui, selon les règles en vigueur et leurs listes datées.",
    depends_on=(*REFERENTIEL, "adhesion"),
)


def villages_avenir_values(session: Session) -> dict[str, LayerValue]:
    """Laureates of the State's « Villages d'avenir » (information: it does not exclude)."""
    rules = load_regles()
    liste = rules.listes.get("va")
    year = str(liste.date.year) if liste else ""
    source = liste.source if liste else "ANCT, programme Villages d'avenir"
    laureates = {
        code
        for code, ms in repo.active_memberships(session).items()
        if any(m.programme == "va" and m.niveau_preuve == "officiel" for m in ms)
    }
    return {
        c.code_insee: LayerValue(
            "va" if c.code_insee in laureates else "hors_va",
            "Lauréate Villages d'avenir" if c.code_insee in laureates else "Non lauréate",
            year,
            source,
        )
        for c in repo.list_communes(session)
    }


register_colouring(
    "population",
    "Population municipale",
    population_values,
    "valeurs",
    unit="hab.",
    description="Classes de population (quintiles arrondis des communes affichées).",
    depends_on=REFERENTIEL,
)

register_colouring(
    "villages_avenir",
    "Villages d'avenir (État, information)",
    villages_avenir_values,
    "categories",
    categories=[
        Category("va", "Lauréate Villages d'avenir", "lauréates"),
        Category("hors_va", "Non lauréate", "non lauréates"),
    ],
    description=(
        "Communes lauréates du programme de l'État « Villages d'avenir » (ANCT, décembre 2023) : "
        "elles ont déjà un chef de projet de l'État. Information seulement : n'exclut pas de "
        "Village A-Venir, malgré la proximité des noms."
    ),
    depends_on=(*REFERENTIEL, "adhesion"),
)


# --- Restricted colourings: need scores and application states (Département staff only) ---
# The map page is public, but the diagnosis and the applications are not: these colourings
# are listed and served only to ingénieurs and admins (choice documented in the README).


def _scores_source(s) -> str:
    snapshot = f"instantané n° {s.instantane_id}" if s.instantane_id else "calcul provisoire"
    return (
        f"Diagnostic Village A-Venir, {snapshot} calculé le {s.date:%d/%m/%Y}, d'après "
        "INSEE et ANCT (voir la fiche) ; score relatif aux communes du département"
    )


def need_values(domaine: str | None):
    """Provider of a need score (a domain's, or the global one when ``domaine`` is None).

    The year is the data vintage (years of the data behind the score), not the computation
    date; the label carries the coverage."""

    def provider(session: Session) -> dict[str, LayerValue]:
        scores = latest_scores(session)
        out = {}
        for code, s in scores.items():
            value = s.score_global if domaine is None else s.domaines.get(domaine)
            if value is None:
                continue
            cov = s.couverture if domaine is None else (s.couvertures or {}).get(domaine, 0.0)
            label = (
                f"{format_nombre(value)} / 100 (relatif ; couverture {format_nombre(cov * 100)} %)"
            )
            year = (
                "–".join(dict.fromkeys([s.millesimes[0], s.millesimes[-1]])) if s.millesimes else ""
            )
            out[code] = LayerValue(value, label, year, _scores_source(s))
        return out

    return provider


def candidature_values(session: Session) -> dict[str, LayerValue]:
    """State of each commune's latest application."""
    return {
        code: LayerValue(state, label, str(since.year), "Candidatures Village A-Venir")
        for code, (state, label, since) in states_by_commune(session).items()
    }


_NEED = dict(
    kind="valeurs",
    breaks=(20, 40, 60, 80),
    unit="/ 100",
    roles=DEPARTEMENT,
    # What the scores are computed from (« candidature »: a deposit declares figures).
    depends_on=(*REFERENTIEL, "adhesion", "valeur_indicateur", "ajustement", "ponderation")
    + ("instantane", "candidature"),
)
register_colouring(
    "besoin_global",
    "Besoin global (diagnostic)",
    need_values(None),
    description="Besoin global relatif aux communes du département : 0 = le plus faible, "
    "100 = le plus fort (pas une mesure absolue) ; sans couleur : données insuffisantes. "
    "Couverture et millésimes des données dans l'infobulle et le tableau.",
    **_NEED,
)
for _code, _label in DOMAINES.items():
    register_colouring(
        f"besoin_{_code}",
        f"Besoin : {_label.lower()} (diagnostic)",
        need_values(_code),
        description=f"Besoin « {_label.lower()} » relatif aux communes du département : "
        "0 = le plus faible, 100 = le plus fort ; sans couleur : pas de score (à évaluer). "
        "Couverture et millésimes dans l'infobulle et le tableau.",
        **_NEED,
    )
register_colouring(
    "candidature",
    "État de la candidature",
    candidature_values,
    "categories",
    categories=[Category(code, label, label.lower()) for code, label in wf.ETATS.items()],
    description="État de la dernière candidature de chaque commune ; sans candidature : pas de donnée.",
    roles=DEPARTEMENT,
    depends_on=("candidature", "campagne"),
)
from . import avancement as _avancement  # noqa: E402,F401  (registers « avancement des plans »)
