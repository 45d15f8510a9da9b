"""The account events' own journal (logins, logouts, session renewals, invitations, password
changes, activation), for administrators. These entries are kept out of the communes'
sheets (``repository.ACCOUNT_OBJECTS``), where thirty logins would push the real changes
out of the history.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from .. import repository as repo
from ..db import get_session
from ..domain.nombres import parse_entier_positif
from ..domain.roles import ADMIN
from ..web.auth import role_required

bp = Blueprint("journal_comptes", __name__, url_prefix="/admin")

PAGE = 200


@bp.get("/journal-des-comptes")
@role_required(ADMIN)
def journal():
    raw = request.args.get("avant", "")
    before = parse_entier_positif(raw)
    entries = repo.account_journal(get_session(), limit=PAGE, before=before)
    suite = entries[-1].id if len(entries) == PAGE else None
    return render_template("admin/journal_comptes.html", journal=entries, suite=suite)
