"""Extension point of the commune sheet: each area (diagnostic, candidature, plan…) adds a
section without editing the sheet's view or template.

A section provider is ``provider(session, assessment) -> Section | None`` (None hides it);
register it at import time of its blueprint module with ``@sheet_section(order)``.
Providers must check permissions themselves (``flask_login.current_user``): the sheet is
public. The sheet anonymous visitors see is cached (``views/fiche_cache.py``) as long as no
provider shows them anything; a provider that would show anonymous visitors a section must
do so whatever the data, or the cache key must include what it depends on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Section:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


_PROVIDERS: list[tuple[int, Callable]] = []


def sheet_section(order: int):
    """Decorator registering a section provider; lower ``order`` shows first."""

    def decorator(func: Callable) -> Callable:
        if func not in [f for _, f in _PROVIDERS]:
            _PROVIDERS.append((order, func))
            _PROVIDERS.sort(key=lambda item: item[0])
        return func

    return decorator


def build_sections(session, assessment) -> list[Section]:
    sections = []
    for _, provider in _PROVIDERS:
        section = provider(session, assessment)
        if section is not None:
            sections.append(section)
    return sections
