"""The commune sheet's link to its on-site heritage visits (section 12), for those who may see
the commune's diagnosis: how many visits and items, the last one's date, the list; engineers
also get « Nouvelle visite sur place »."""

from __future__ import annotations

from flask_login import current_user

from ...services.patrimoine.releves import elements_of, visites_of
from ...web.auth import can_access_commune, is_departement
from ..sections import Section, sheet_section


@sheet_section(12)
def visites_section(session, assessment):
    code = assessment.commune.code_insee
    if not can_access_commune(current_user, code):
        return None
    visites = visites_of(session, code)
    return Section(
        "patrimoine/_section_visites.html",
        {
            "code": code,
            "visites": len(visites),
            "elements": len(elements_of(session, [v.id for v in visites])),
            "derniere": visites[0].date_visite if visites else None,
            "ingenieur": is_departement(current_user),
        },
    )
