"""The current commune of a code typed or read (old codes of communes déléguées followed).

The inventory does not import ``services.diagnostic`` (which reads the inventory for the
heritage need): this is its own small resolver, with its own refusal."""

from __future__ import annotations

from sqlmodel import Session

from ... import repository as repo
from ...domain.communes import CodeInseeInvalide, resolve_code
from ...domain.patrimoine_saisie import PatrimoineInvalide

__all__ = ["current_code"]


def current_code(session: Session, raw: str) -> str:
    """The current INSEE code for ``raw``, or :class:`PatrimoineInvalide`."""
    try:
        res = resolve_code(raw, repo.current_codes(session), repo.deleguees(session))
    except CodeInseeInvalide as exc:
        raise PatrimoineInvalide(str(exc)) from None
    if res is None:
        raise PatrimoineInvalide(f"Aucune commune ne porte le code INSEE « {str(raw)[:10]} ».")
    return res.code_insee
