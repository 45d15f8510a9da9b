"""Applications feed the diagnosis: figures declared by the commune become declared values."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session

from ...domain.candidature import DeclaredValue
from ...models import Candidature
from ...parametres import load_parametres_diagnostic
from ..audit import record_candidature
from ..diagnostic import SaisieInvalide, declare_value

__all__ = ["feed_diagnosis"]


def feed_diagnosis(
    session: Session, cand: Candidature, values: Iterable[DeclaredValue], qui: str
) -> None:
    """Declared figures enter the diagnosis as declared values (an engineer validates them
    before they count), in the caller's transaction. Figures the catalogue does not score
    stay in the application only; a figure the diagnosis refuses is journaled, not lost."""
    known = load_parametres_diagnostic().catalogue.donnees
    for value in values:
        if value.indicateur not in known:
            continue
        try:
            declare_value(
                session,
                code_insee=cand.code_insee,
                indicateur=value.indicateur,
                valeur=value.valeur,
                annee=value.annee,
                source=value.source,
                qui=qui,
                origine="declaree",
                commit=False,
            )
        except SaisieInvalide as exc:
            record_candidature(
                session,
                cand,
                "valeur_non_reprise",
                qui=qui,
                apres={"indicateur": value.indicateur, "valeur": value.valeur},
                motif=str(exc),
            )
