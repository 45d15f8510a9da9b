"""Extension point of the commune sheet: each area (diagnostic, candidature, plan…) adds a
section without editing the sheet's view or template.

A section provider is ``provider(session, assessment) -> Section | None`` (None hides it);
register it at import time of its blueprint module with ``@sheet_section(order)``.

A section may hold forms posted to its own blueprint. When the service refuses one, that view
answers with the sheet again (``views.communes.render_sheet``, status 400) and a
:class:`SaisieRefusee`: the message and what was typed. It reaches only the provider that
named the form in ``@sheet_section(order, formulaires=(…))``, as ``saisie=`` (None when
another form or none was refused); the other providers are called as above.
Providers must check permissions themselves (``flask_login.current_user``): the sheet is
public. The sheet anonymous visitors see is cached (``views/fiche_cache.py``) as long as no
provider shows them anything; a provider that would show anonymous visitors a section must
do so whatever the data, or the cache key must include what it depends on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Section:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SaisieRefusee:
    """A sheet form the service refused: which form, the French message, what was typed."""

    formulaire: str
    erreur: str
    valeurs: Mapping[str, str]


# (order, provider, names of the forms its section holds)
_PROVIDERS: list[tuple[int, Callable, frozenset[str]]] = []


def sheet_section(order: int, formulaires: tuple[str, ...] = ()):
    """Decorator registering a section provider; lower ``order`` shows first. ``formulaires``
    names the forms of the section whose refusals it shows (see the module's docstring)."""

    def decorator(func: Callable) -> Callable:
        if func not in [f for _, f, _ in _PROVIDERS]:
            _PROVIDERS.append((order, func, frozenset(formulaires)))
            _PROVIDERS.sort(key=lambda item: item[0])
        return func

    return decorator


def build_sections(session, assessment, saisie: SaisieRefusee | None = None) -> list[Section]:
    """The sections shown on a commune's sheet, in order; ``saisie`` is a refused form's state,
    given to the provider whose section holds that form."""
    sections = []
    for _, provider, formulaires in _PROVIDERS:
        if formulaires:
            mine = saisie if saisie is not None and saisie.formulaire in formulaires else None
            section = provider(session, assessment, saisie=mine)
        else:
            section = provider(session, assessment)
        if section is not None:
            sections.append(section)
    return sections
