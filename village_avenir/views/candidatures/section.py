"""The application's state on the commune sheet (section 30), for users who may see it."""

from __future__ import annotations

from flask_login import current_user

from ...services.candidatures import dossiers as svc
from ...web.auth import can_access_commune
from ..sections import Section, sheet_section


@sheet_section(30)
def candidature_section(session, assessment):
    """The application's state on the commune sheet, for users who may see it."""
    code = assessment.commune.code_insee
    if not can_access_commune(current_user, code):
        return None
    rows = svc.list_candidatures(session, code_insee=code)
    return Section("candidatures/_section.html", {"rows": rows, "code": code})
