"""Helpers shared by the blueprints."""

from __future__ import annotations

from flask import current_app

from ..domain.eligibility import Rules


def rules() -> Rules:
    return current_app.extensions["village_avenir.rules"]
