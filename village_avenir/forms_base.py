"""The base of every form: Flask-WTF (CSRF) with WTForms' own French messages.

WTForms ships French translations of its built-in messages (« Choix non valide », …).
Flask-WTF would look for them through Flask-Babel, which we do not use: ``create_app`` sets
``WTF_I18N_ENABLED = False`` so that WTForms reads ``Meta.locales`` itself.
"""

from __future__ import annotations

from flask_wtf import FlaskForm

__all__ = ["Form"]


class Form(FlaskForm):
    class Meta:
        locales = ("fr_FR", "fr")
