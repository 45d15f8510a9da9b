"""Helpers of the diagnosis tests: load the shipped indicator file into a test app."""

from __future__ import annotations


def load_shipped_indicators(app) -> int:
    """Load ``data/indicateurs/46.csv`` as ``flask init-db`` does; returns the snapshot id."""
    with app.app_context():
        from tests.chargement import load_indicateurs
        from village_avenir.db import get_session
        from village_avenir.services.diagnostic.calcul import latest_snapshot

        lines = load_indicateurs("46")
        assert lines, "fichier d'indicateurs non chargé"
        return latest_snapshot(get_session()).id
