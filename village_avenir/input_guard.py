"""Refuse, with a French 400, any request carrying a NUL character (``\\0``, ``%00``) in its
path, query string or form: PostgreSQL text columns cannot hold it (the driver raises), and no
legitimate entry contains one. File contents are not concerned (uploads are bytes, checked by
``services.pieces``); file names are cleaned there too.
"""

from __future__ import annotations

from flask import Flask, abort, request

__all__ = ["MESSAGE", "register"]

MESSAGE = (
    "La requête contient un caractère nul (\\0), refusé : retirez-le (il vient souvent d'un "
    "copier-coller) et renvoyez le formulaire. Rien n'a été enregistré."
)


def _has_nul(values) -> bool:
    return any("\x00" in k or any("\x00" in v for v in vs) for k, vs in values.lists())


def register(app: Flask) -> None:
    @app.before_request
    def refuse_nul_characters():
        if "\x00" in request.path or _has_nul(request.args):
            abort(400, description=MESSAGE)
        if request.method == "POST" and _has_nul(request.form):
            abort(400, description=MESSAGE)
