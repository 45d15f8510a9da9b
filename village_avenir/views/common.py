"""Helpers shared by the blueprints."""

from __future__ import annotations

from flask import current_app

from ..domain.eligibility import RuleBook, Rules


def rules() -> Rules:
    """The current rules version."""
    return current_app.extensions["village_avenir.rules"]


def reglement() -> RuleBook:
    """Every rules version of the parameter file."""
    return current_app.extensions["village_avenir.reglement"]


def rules_for(version: str | None) -> Rules:
    """The rules version a campaign names (the current one if unknown or None)."""
    return (reglement().version(version) if version else None) or rules()
