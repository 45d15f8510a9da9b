"""WSGI entry point for a production server: ``gunicorn village_avenir.wsgi:app`` (see
``gunicorn.conf.py`` and the README's « Mise en production »)."""

from __future__ import annotations

from . import create_app

app = create_app()
