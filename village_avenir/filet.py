"""The server's half of the forms' safety net (``static/js/filet.js``, issue 23).

The browser keeps what is typed in a form marked ``data-conserve="<formulaire>"``
(``data-fiche="<id>"``) until the server has it. It must forget it only once the save has
succeeded, and every account's drafts at logout. The server says so on the next page, in two
``<meta>`` tags that ``templates/base.html`` writes (``filet_marqueurs()``):

- ``va-enregistre``: the keys "<formulaire>|<fiche>" saved by the previous request. On
  submit, filet.js adds a hidden ``va_filet`` field naming its form; a POST is taken as a
  success when it is answered by a redirect that is not to the login page and flashed no
  error (a refusal re-shows the form with 400/409, an ended session redirects to
  ``/connexion``: the draft stays). Any form using the attribute gets this for free.
- ``va-fin-compte``: the account key whose drafts must go (set by the logout views).

The markers ride in Flask's signed session cookie between the redirect and the next page,
and are read once.
"""

from __future__ import annotations

import re

from flask import Flask, request, session, url_for
from werkzeug.exceptions import HTTPException

__all__ = ["FIN_COMPTE", "ENREGISTRE", "register"]

FIN_COMPTE = "va_fin_compte"
ENREGISTRE = "va_enregistre"
_CLE = re.compile(r"[A-Za-z0-9_.:-]{1,60}\|[A-Za-z0-9_.:-]{0,60}")
_MAX = 10  # markers kept between two pages


def _succeeded(response) -> bool:
    if request.method != "POST" or response.status_code not in (301, 302, 303):
        return False
    if (response.location or "").split("?")[0].endswith(url_for("auth.connexion")):
        return False
    return not any(cat == "erreur" for cat, _ in session.get("_flashes", []))


def _mark_saved(response):
    if not _succeeded(response):  # before reading the form: a refused body stays unread
        return response
    try:
        cle = request.form.get("va_filet", "")
    except HTTPException:  # a body the server refused (too large, badly encoded)
        return response
    if cle and _CLE.fullmatch(cle):
        marques = [m for m in session.get(ENREGISTRE, []) if m != cle][-_MAX + 1 :]
        session[ENREGISTRE] = [*marques, cle]
    return response


def _marqueurs() -> dict[str, object]:
    """What the page must tell filet.js (read once: popped from the session)."""
    out: dict[str, object] = {}
    if ENREGISTRE in session:
        out["enregistre"] = session.pop(ENREGISTRE)
    if FIN_COMPTE in session:
        out["fin_compte"] = session.pop(FIN_COMPTE)
    return out


def register(app: Flask) -> None:
    app.after_request(_mark_saved)
    app.jinja_env.globals["filet_marqueurs"] = _marqueurs
