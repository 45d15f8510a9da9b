"""Refuse, with a French 400, any request carrying a NUL character (``\\0``, ``%00``) in its
path, query string or form: PostgreSQL text columns cannot hold it (the driver raises), and no
legitimate entry contains one. File contents are not concerned (uploads are bytes, checked by
``services.candidatures.pieces``); file names are cleaned there too.

A form body (``application/x-www-form-urlencoded``) that is not valid UTF-8, raw or
percent-encoded, gets its own French 400 too: werkzeug would otherwise drop the fields (and
the CSRF token with them, so the user read « jeton CSRF ») or replace the bytes silently.
In a ``multipart/form-data`` body (the forms with a file), werkzeug has already replaced
such bytes by U+FFFD when the fields are read: a text field holding that replacement
character gets the same 400 (file contents are bytes and are not concerned).
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from flask import Flask, abort, request

__all__ = ["MESSAGE", "MESSAGE_UTF8", "register"]

MESSAGE_UTF8 = (
    "Le formulaire contient des caractères mal codés (ce n'est pas de l'UTF-8) : rien n'a été "
    "enregistré. Revenez à la page précédente, retapez les caractères accentués ou spéciaux "
    "collés depuis un autre logiciel, puis renvoyez le formulaire."
)

MESSAGE = (
    "La requête contient un caractère nul (\\0), refusé : retirez-le (il vient souvent d'un "
    "copier-coller) et renvoyez le formulaire. Rien n'a été enregistré."
)


def _has_nul(values) -> bool:
    return any("\x00" in k or any("\x00" in v for v in vs) for k, vs in values.lists())


def _bad_utf8_form() -> bool:
    if request.method == "POST" and request.mimetype == "multipart/form-data":
        return any(
            "\ufffd" in k or any("\ufffd" in v for v in vs) for k, vs in request.form.lists()
        )
    if request.method != "POST" or request.mimetype != "application/x-www-form-urlencoded":
        return False
    raw = request.get_data(cache=True)  # cached: the form is then parsed from this copy
    try:
        for part in raw.split(b"&"):
            unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def register(app: Flask) -> None:
    @app.before_request
    def refuse_nul_characters():
        if _bad_utf8_form():
            abort(400, description=MESSAGE_UTF8)
        if "\x00" in request.path or _has_nul(request.args):
            abort(400, description=MESSAGE)
        if request.method == "POST" and _has_nul(request.form):
            abort(400, description=MESSAGE)
