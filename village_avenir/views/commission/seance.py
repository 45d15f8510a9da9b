"""The selection committee of a campaign (engineers and administrators): prepare the session,
compare the applications, freeze the pack, record the decisions, export CSV and PDF.

Reads the frozen pack when there is one, else the live pack (``services.commission.seance``).
The table sorts on the server (header links with ``aria-sort``), so it works with the
keyboard and screen readers and without script.
"""

from __future__ import annotations

import hashlib
import json

from flask import (
    Response,
    abort,
    current_app,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from ... import exports
from ...db import get_session
from ...domain import workflow as wf
from ...forms.commission import DecisionCommissionForm, seance_form
from ...lru import app_cache
from ...maps.commission_svg import AUTRES, AVIS_COULEURS, opinion_map_svg
from ...maps.departement import display_shapes
from ...models import Campagne
from ...parametres import load_regles
from ...services.candidatures.avis import AVIS
from ...services.candidatures.dossiers import ConflitEdition
from ...services.commission import seance as svc
from ...web.auth import role_required
from ..refus import act
from .blueprint import bp
from .pdf import pack_pdf
from .tri import SORTS, sorted_rows


def _campagne(campagne_id: int) -> Campagne:
    campagne = get_session().get(Campagne, campagne_id)
    if campagne is None:
        abort(404, description="Cet appel à candidatures n'existe pas.")
    return campagne


def opinion_map(pack: dict) -> str:
    features = display_shapes(get_session()).features
    candidats = {
        r["code_insee"]: (r["commune"], r["avis"]["avis"] if r["avis"] else None)
        for r in pack["candidatures"]
    }
    return opinion_map_svg(features, candidats)


def _page(campagne: Campagne, status: int = 200, form: dict | None = None):
    session = get_session()
    seance = svc.seance_of(session, campagne)
    frozen = svc.frozen_pack(seance)
    pack = frozen or svc.live_pack(session, campagne, load_regles())
    tri = request.args.get("tri", "ordre")
    tri = tri if tri in SORTS else "ordre"
    ordre = "desc" if request.args.get("ordre") == "desc" else "asc"
    candidates = svc.candidates(session, campagne)
    return render_template(
        "commission/seance.html",
        campagne=campagne,
        seance=seance,
        pack=pack,
        frozen=frozen is not None,
        rows=sorted_rows(pack["candidatures"], tri, ordre),
        tri=tri,
        ordre=ordre,
        colonnes=SORTS,
        carte=(frozen or {}).get("carte_svg") or opinion_map(pack),
        legende=[*AVIS_COULEURS.values(), AUTRES],
        candidates=candidates,
        agenda=svc.ordre_of(session, campagne, seance),
        decisions=svc.decisions_of(session, seance),
        decisions_libelles=svc.DECISIONS,
        avis_libelles=AVIS,
        etats_decidables=(wf.EN_INSTRUCTION, wf.COMPLETEE),
        form=form or {},
        tri_url=lambda col, sens: url_for(
            "commission.seance", campagne_id=campagne.id, tri=col, ordre=sens
        ),
    ), status


@bp.get("/<int:campagne_id>/commission")
@role_required("ingenieur")
def seance(campagne_id: int):
    return _page(_campagne(campagne_id))


@bp.post("/<int:campagne_id>/commission")
@role_required("ingenieur")
def enregistrer(campagne_id: int):
    campagne = _campagne(campagne_id)
    form = seance_form(c.id for c, _ in svc.candidates(get_session(), campagne))

    def save():
        if not form.validate_on_submit():
            raise svc.CommissionRefusee(form.erreurs()[0])
        svc.save_session(
            get_session(),
            campagne,
            date_seance=form.date_lue,
            membres=form.chaine("membres"),
            ordre=form.ordre,
            qui=current_user.email,
        )

    return act(
        save,
        refus=svc.CommissionRefusee,
        succes="Séance enregistrée.",
        suite=url_for("commission.seance", campagne_id=campagne_id),
        page=lambda status: _page(campagne, status, form.saisie()),
    )


@bp.post("/<int:campagne_id>/commission/arreter")
@role_required("ingenieur")
def arreter(campagne_id: int):
    campagne = _campagne(campagne_id)
    return act(
        lambda: svc.freeze(
            get_session(), campagne, load_regles(), qui=current_user.email, carte=opinion_map
        ),
        refus=svc.CommissionRefusee,
        succes="Dossier de séance arrêté : il ne changera plus.",
        suite=url_for("commission.seance", campagne_id=campagne_id),
        page=lambda status: _page(campagne, status),
        status=409,  # the session is not ready (not saved, empty agenda) or already frozen
    )


@bp.post("/<int:campagne_id>/commission/decision")
@role_required("ingenieur")
def decision(campagne_id: int):
    campagne = _campagne(campagne_id)
    session = get_session()
    seance = svc.seance_of(session, campagne)
    form = DecisionCommissionForm()
    form.validate_on_submit()  # no rule of its own: the service judges the decision
    cid = form.candidature_id()

    def decide():
        if seance is None or cid is None:
            raise svc.CommissionRefusee("Cette candidature n'est pas au dossier de séance.")
        svc.decide(
            session,
            seance,
            cid,
            decision=form.chaine("decision"),
            motivation=form.chaine("motivation"),
            qui=current_user.email,
            role=current_user.role,
        )

    return act(
        decide,
        refus=(svc.CommissionRefusee, wf.TransitionInvalide, ConflitEdition),
        succes="Décision enregistrée.",
        suite=url_for("commission.seance", campagne_id=campagne_id) + "#decisions",
        page=lambda status: _page(campagne, status),
        status=409,  # every refused decision is answered 409 here, bad form included
    )


def _pack_or_live(campagne: Campagne) -> dict:
    session = get_session()
    return svc.frozen_pack(svc.seance_of(session, campagne)) or svc.live_pack(
        session, campagne, load_regles()
    )


@bp.get("/<int:campagne_id>/commission.csv")
@role_required("ingenieur")
def export_csv(campagne_id: int):
    campagne = _campagne(campagne_id)
    return Response(
        exports.commission_csv(_pack_or_live(campagne)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="commission-{campagne.id}.csv"'},
    )


def _pdf_of(campagne_id: int, pack: dict) -> bytes:
    """The PDF of a frozen pack, built once: the pack never changes once frozen, so its
    content's hash keys the app's small PDF cache (a new freeze is a new key)."""
    digest = hashlib.sha256(
        json.dumps(pack, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()
    cache = app_cache("village_avenir.commission_pdf", 8)
    return cache.get_or_build(("commission-pdf", campagne_id, digest), lambda: pack_pdf(pack))


@bp.get("/<int:campagne_id>/commission.pdf")
@role_required("ingenieur")
def export_pdf(campagne_id: int):
    campagne = _campagne(campagne_id)
    pack = svc.frozen_pack(svc.seance_of(get_session(), campagne))
    if pack is None:
        abort(409, description="Le dossier de séance n'est pas encore arrêté : pas de PDF.")
    try:
        pdf = _pdf_of(campagne.id, pack)
    except (ImportError, OSError):  # WeasyPrint without Pango on this server
        current_app.logger.exception("PDF de la commission impossible")
        abort(
            503,
            description="Le PDF ne peut pas être produit sur ce serveur (bibliothèque Pango "
            "absente) : prévenez l'administrateur. Le dossier de séance reste consultable ici.",
        )
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="commission-{campagne.id}.pdf"'},
    )
