"""Instruction, Département side: the full file with private notes, messages to the commune,
state transitions and decisions. Engineers and administrators only.
"""

from __future__ import annotations

from flask import Blueprint, flash, render_template, url_for
from flask_login import current_user

from .. import repository as repo
from ..db import get_session
from ..domain import workflow as wf
from ..domain.eligibilite import STATUTS
from ..forms.instruction import AvisForm, EchangeForm, TransitionForm
from ..journal_texte import field_label
from ..services.candidatures import avis as avis_svc
from ..services.candidatures import dossiers as svc
from ..services.candidatures import instruction
from ..web.auth import role_required
from .candidatures.common import candidature_context, eligibility_of, load_candidature
from .common import journal_labels, journal_lines
from .refus import act

bp = Blueprint("instruction", __name__, url_prefix="/instruction")


@bp.get("/<int:cid>")
@role_required("ingenieur")
def detail(cid: int):
    return _page(*load_candidature(cid))


def _page(cand, campagne, status: int = 200):
    _, statut, raisons = eligibility_of(cand.code_insee, campagne)
    history = repo.journal_for(get_session(), cand.code_insee, limit=200, objets=["candidature"])
    return render_template(
        "instruction/detail.html",
        **candidature_context(cand, campagne, avec_notes=True),
        transitions=wf.allowed_transitions(cand.etat, current_user.role),
        finales=sorted(wf.FINAL_STATES),
        statut=statut,
        statuts=STATUTS,
        raisons=raisons,
        declarees=[
            (field_label(d.indicateur, journal_labels()), d) for d in svc.declared_values(cand)
        ],
        journal=journal_lines([j for j in history if j.objet_id == str(cand.id)], lambda e: e.qui),
    ), status


@bp.post("/<int:cid>/transition")
@role_required("ingenieur")
def transition(cid: int):
    cand, campagne = load_candidature(cid)
    form = TransitionForm()
    if not form.validate_on_submit():
        for message in form.erreurs()[:1]:
            flash(message, "erreur")
        return _page(cand, campagne, 400)

    def refused(status):
        get_session().refresh(cand)
        return _page(cand, campagne, status)

    return act(
        lambda: instruction.transition(
            get_session(),
            cand,
            cible=form.cible.data,
            role=current_user.role,
            qui=current_user.email,
            motif=form.chaine("motif"),
            version_attendue=form.expected_version(),
        ),
        refus=(wf.TransitionInvalide, svc.ConflitEdition),
        succes=lambda _: f"La candidature est maintenant « {wf.label(cand.etat)} ».",
        suite=url_for("instruction.detail", cid=cid),
        page=refused,
    )


@bp.post("/<int:cid>/echange")
@role_required("ingenieur")
def echange(cid: int):
    cand, _ = load_candidature(cid)
    form = EchangeForm()
    form.validate_on_submit()  # no rule of its own: the service judges kind and text
    genre = form.chaine("genre")
    return act(
        lambda: instruction.add_echange(
            get_session(),
            cand,
            genre=genre,
            texte=form.chaine("texte"),
            qui=current_user.email,
            role=current_user.role,
        ),
        refus=svc.CandidatureRefusee,
        succes="Note interne enregistrée." if genre == "note" else "Message envoyé à la commune.",
        suite=url_for("instruction.detail", cid=cid),
    )


@bp.post("/<int:cid>/avis")
@role_required("ingenieur")
def avis(cid: int):
    cand, _ = load_candidature(cid)
    form = AvisForm()
    form.validate_on_submit()  # no rule of its own: the service judges the opinion
    return act(
        lambda: avis_svc.give_opinion(
            get_session(),
            cand,
            avis=form.chaine("avis"),
            motivation=form.chaine("motivation"),
            enjeux=form.chaine("enjeux"),
            qui=current_user.email,
        ),
        refus=svc.CandidatureRefusee,
        succes="Avis enregistré.",
        suite=url_for("instruction.detail", cid=cid),
    )
