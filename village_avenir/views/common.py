"""Helpers shared by the blueprints."""

from __future__ import annotations

from flask import current_app

from ..domain.patrimoine import ETATS, PARTICIPANTS, PROPRIETAIRES, TYPES, USAGES
from ..parametres import (
    load_catalogue_actions,
    load_parametres_candidature,
    load_parametres_diagnostic,
    load_regles,
)


def journal_labels() -> dict[str, str]:
    """French names of the codes journal entries hold (schemes, evidence levels, protections,
    conservation states, diagnosis data and indicators, plan actions), built once per app."""
    key = "village_avenir.journal_labels"
    if key not in current_app.extensions:
        r, c, d = (
            load_regles(),
            load_parametres_candidature(),
            load_parametres_diagnostic().catalogue,
        )
        labels = {s.code: s.libelle for s in r.schemes}
        labels.update({code: level.libelle for code, level in r.levels.items()})
        labels.update(c.protections)
        labels.update(c.etats_conservation)
        labels.update({k: v.libelle for k, v in d.donnees.items()})
        labels.update({i.id: i.libelle for i in d.indicateurs})
        labels.update({a.id: a.libelle for a in load_catalogue_actions().actions})
        for vocabulaire in (TYPES, ETATS, USAGES, PROPRIETAIRES, PARTICIPANTS):  # heritage
            labels.update({k: v for k, v in vocabulaire.items() if k not in labels})
        current_app.extensions[key] = labels
    return current_app.extensions[key]


def journal_lines(entries, auteur) -> list:
    """``entries`` as French sentences; ``auteur(entry)`` gives the author label shown (or
    None), chosen by the view according to who looks."""
    from ..journal_texte import describe

    labels = journal_labels()
    return [describe(e, auteur(e), labels) for e in entries]
