"""Who did it, as each reader may see it.

Stored authors (``Journal.qui``, ``saisi_par``, ``cree_par``, ``Echange.auteur``…) are
account e-mail addresses. Département staff see them as stored; everyone else sees a
person's name for a commune account and « Département du Lot » for the Département's staff
(and for the system: imports, commands), never an engineer's address.

``author_label`` is the one helper to use (Jinja filter ``auteur``), so that every page —
history sentences included — says authors the same way.
"""

from __future__ import annotations

from flask import Flask, g
from flask_login import current_user
from sqlmodel import select

from ..db import get_session
from ..domain.roles import COMMUNE
from ..models import Utilisateur
from .auth import is_departement

__all__ = ["DEPARTEMENT_LABEL", "author_label", "register"]

DEPARTEMENT_LABEL = "Département du Lot"


def _accounts() -> dict[str, tuple[str, str]]:
    """e-mail → (name, role), read once per request."""
    if "auteurs_comptes" not in g:
        rows = get_session().exec(select(Utilisateur.email, Utilisateur.nom, Utilisateur.role))
        g.auteurs_comptes = {email: (nom, role) for email, nom, role in rows.all()}
    return g.auteurs_comptes


def author_label(qui: str | None, viewer=None) -> str:
    """``qui`` as ``viewer`` (default: the current user) may read it."""
    if not qui:
        return ""
    viewer = current_user if viewer is None else viewer
    if is_departement(viewer):
        return qui
    email = qui.split(" (", 1)[0].strip().lower()  # « x@y (invitation 3) »
    nom, role = _accounts().get(email, ("", ""))
    if role == COMMUNE:
        return nom or "la commune"
    return DEPARTEMENT_LABEL


def register(app: Flask) -> None:
    app.jinja_env.filters["auteur"] = author_label
