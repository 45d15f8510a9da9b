"""Diagnostic des besoins: commune sheet section, classement (+ CSV), snapshots.

Visible to the Département's engineers and admins, and to a commune's own users for their
commune's section only; the public sees nothing of it.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ... import repository as repo
from ...db import get_session
from ...domain.ranking import range_text, rank_text
from ...parametres import load_parametres_diagnostic, load_regles
from ...services import diagnostic as diag
from ...services.diagnostic.instantanes import millesime_text
from ...services.diagnostic.rangs import classement as compute_classement
from ...services.diagnostic.rangs import classement_rows
from ...web.auth import can_access_commune, is_departement, login_manager, role_required
from ..sections import Section, sheet_section
from .blueprint import bp
from .ctx import POP_BANDS, commune_view, portrait


def is_engineer() -> bool:
    return is_departement(current_user)


@sheet_section(10, formulaires=("valeur", "ajustement"))
def diagnostic_section(session, assessment, saisie=None):
    code = assessment.commune.code_insee
    if not can_access_commune(current_user, code):
        return None
    snap, content = diag.view_content(session)
    ranking, assessments, _ = compute_classement(session, load_regles())
    populations = {a.commune.code_insee: a.commune.population for a in assessments}
    pending = diag.values_of(session, code)
    cat = load_parametres_diagnostic().catalogue
    allowed = diag.entry_origins(current_user.role)
    saisissables = [d for d in cat.donnees.values() if d.obtention in allowed]
    return Section(
        "diagnostic/section.html",
        {
            "code": code,
            "vue": commune_view(content, code, rank_text(ranking, code), range_text(ranking, code)),
            "portrait": portrait(content, code, populations),
            "instantane": snap,
            "valeurs": pending,
            "donnees": cat.donnees,
            "saisissables": saisissables,
            "ingenieur": is_engineer(),
            # a refused entry comes back with its message and what was typed
            "saisie": saisie,
        },
    )


@bp.get("/classement")
@role_required("ingenieur")
def classement():
    session = get_session()
    args = request.args
    lignes = classement_rows(
        session, load_regles(), epci=args.get("epci"), tranche=args.get("tranche")
    )
    snap, content = diag.view_content(session)
    return render_template(
        "diagnostic/classement.html",
        rows=lignes.lignes,
        apart=lignes.apart,
        classement=lignes.classement,
        epci=lignes.epci,
        tranche=lignes.tranche,
        tranches=POP_BANDS,
        epcis=repo.list_epcis(session),
        instantane=snap,
        content=content,
        millesime=millesime_text,
    )


@bp.get("/instantanes")
@role_required("ingenieur")
def instantanes():
    return render_template("diagnostic/instantanes.html", snaps=diag.list_snapshots(get_session()))


@bp.post("/instantanes")
@role_required("ingenieur")
def nouvel_instantane():
    snap = diag.take_snapshot(
        get_session(), qui=current_user.email, motif="Recalcul demandé depuis le classement"
    )
    flash(f"Scores recalculés : instantané n° {snap.id} enregistré.", "succes")
    return redirect(url_for("diagnostic.classement"))


@bp.get("/instantanes/<int:ident>/communes/<code>")
def instantane_commune(ident: int, code: str):
    if not can_access_commune(current_user, code):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        abort(403)
    session = get_session()
    snap, content = diag.view_content(session, ident)
    vue = commune_view(content, code, "rang : voir le classement en vigueur")
    if vue is None:
        abort(404, description=f"La commune {code} n'est pas dans l'instantané n° {ident}.")
    commune = repo.get_commune(session, code)
    return render_template(
        "diagnostic/instantane_commune.html", snap=snap, vue=vue, commune=commune
    )
