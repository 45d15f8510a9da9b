"""Thin Flask blueprints: translate HTTP to use cases in ``services/`` and back."""
