"""The projet stratégique: its texts, the fiches-actions, validation, the PDF for the municipal
council, and the council's deliberation.

Engineers and admins edit and validate; the commune's users read the projet, download its PDF
and attach the deliberation of a validated version. A refused save shows the form again with
the French message and every field as typed (nothing written).
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from ...db import get_session
from ...domain.financement import FinancementInvalide
from ...domain.projet import Projet, ProjetInvalide
from ...domain.roles import INGENIEUR
from ...forms.plans_projet import (
    DeliberationPlanForm,
    ProjetForm,
    ValidationForm,
    fiche_form,
    lines,
)
from ...parametres import load_catalogue_actions, load_financements
from ...services import plans as service
from ...services.candidatures import pieces
from ...services.plans import fiches, validation
from ...web import auth
from ..refus import show_on
from .blueprint import bp
from .common import commune_or_404
from .pdf import projet_pdf_bytes
from .projet_vue import projet_context


def _current(code):
    commune = commune_or_404(code)
    version = service.current_version(get_session(), code)
    if version is None:
        abort(404, description=f"{commune.nom} n'a pas encore de plan stratégique.")
    return commune, version


@bp.route("/communes/<code>/plan/projet", methods=["GET", "POST"])
@auth.role_required(INGENIEUR)
def projet(code: str):
    commune, version = _current(code)
    ctx = projet_context(commune, version)
    p = ctx["projet"]
    if request.method == "GET":
        form = ProjetForm(
            version=str(version.numero),
            enjeux="\n".join(p.enjeux),
            forces="\n".join(p.forces),
            faiblesses="\n".join(p.faiblesses),
            non_evalue="\n".join(p.non_evalue),
            court=p.orientations.get("court", ""),
            moyen=p.orientations.get("moyen", ""),
            long=p.orientations.get("long", ""),
            sans_long_terme=p.sans_long_terme,
        )
    else:
        form = ProjetForm()
    status = 200
    if form.validate_on_submit():
        new = Projet(
            forces=lines(form.forces.data),
            faiblesses=lines(form.faiblesses.data),
            non_evalue=lines(form.non_evalue.data),
            enjeux=lines(form.enjeux.data),
            orientations={
                h: (getattr(form, h).data or "").strip() for h in ("court", "moyen", "long")
            },
            sans_long_terme=(form.sans_long_terme.data or "").strip(),
        )
        try:
            fiches.save_projet(
                get_session(),
                code,
                new,
                qui=current_user.email,
                version_attendue=form.expected_version(),
            )
        except ProjetInvalide as exc:
            status = show_on(form, exc)
        else:
            flash("Projet stratégique enregistré (nouvelle version du plan).", "succes")
            return redirect(url_for("plans.plan", code=code) + "#projet")
    elif request.method == "POST":
        status = 400
    return render_template(
        "plans/projet_form.html", form=form, commune=commune, version=version, **ctx
    ), status


@bp.route("/communes/<code>/plan/actions/<int:cle>/fiche", methods=["GET", "POST"])
@auth.role_required(INGENIEUR)
def fiche(code: str, cle: int):
    commune, version = _current(code)
    ctx = projet_context(commune, version)
    item = next((f for f in ctx["fiches"] if f["row"].cle == cle), None)
    if item is None:
        abort(404, description=f"Action {cle} absente du plan actuel de {commune.nom}.")
    fin = load_financements()
    f = item["fiche"]
    if request.method == "GET":
        rates = {f"t_{c}": t for c, t in f["lignes"]}
        form = fiche_form(
            fin,
            version=str(version.numero),
            objectif=f["objectif"],
            porteur=f["maitre_ouvrage"],
            partenaires="\n".join(f["partenaires"]),
            calendrier=f["calendrier"],
            indicateur=f["indicateur"],
            derogation=f["derogation"],
            **rates,
        )
    else:  # Flask-WTF reads the posted data itself
        form = fiche_form(fin)
    status = 200
    if form.validate_on_submit():
        lignes = [
            (c, getattr(form, f"t_{c}").data) for c in form.codes if getattr(form, f"t_{c}").data
        ]
        try:
            fiches.update_fiche(
                get_session(),
                code,
                cle,
                objectif=form.objectif.data,
                porteur=form.porteur.data or "",
                partenaires=lines(form.partenaires.data),
                calendrier=form.calendrier.data,
                indicateur=form.indicateur.data,
                lignes=lignes,
                derogation=form.derogation.data or "",
                financements=fin,
                qui=current_user.email,
                version_attendue=form.expected_version(),
            )
        except (ProjetInvalide, FinancementInvalide) as exc:
            status = show_on(form, exc)
        else:
            flash("Fiche-action enregistrée (nouvelle version du plan).", "succes")
            return redirect(url_for("plans.plan", code=code) + f"#fiche-{cle}")
    elif request.method == "POST":
        status = 400
    return render_template(
        "plans/fiche_form.html", form=form, commune=commune, version=version, item=item, **ctx
    ), status


@bp.post("/communes/<code>/plan/valider")
@auth.role_required(INGENIEUR)
def valider(code: str):
    commune_or_404(code)
    form = ValidationForm()
    if not form.validate_on_submit():
        abort(400, description="Formulaire de validation invalide : rechargez la page.")
    validation.validate(
        get_session(),
        code,
        load_catalogue_actions(),
        load_financements(),
        qui=current_user.email,
        version_attendue=form.expected_version(),
    )
    flash(
        "Projet stratégique validé : le maire est prévenu par courriel et le document pour le "
        "conseil municipal est prêt.",
        "succes",
    )
    return redirect(url_for("plans.plan", code=code) + "#validation")


def _version(code, numero):
    commune = commune_or_404(code)
    version = service.get_version(get_session(), code, numero)
    if version is None:
        abort(404, description=f"Version {numero} du plan de {commune.nom} introuvable.")
    return commune, version


@bp.get("/communes/<code>/plan/versions/<int:numero>/projet.pdf")
def projet_pdf(code: str, numero: int):
    commune, version = _version(code, numero)
    data = projet_pdf_bytes(commune, version)
    name = f"projet-strategique-{code}-v{numero}.pdf"
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )


@bp.post("/communes/<code>/plan/versions/<int:numero>/deliberation")
def deliberation(code: str, numero: int):
    commune_or_404(code)
    form = DeliberationPlanForm()
    if not form.validate_on_submit():
        abort(400, description="Formulaire invalide : rechargez la page et renvoyez le fichier.")
    upload = form.fichier.data
    if upload is None or not getattr(upload, "filename", ""):
        flash("Choisissez le fichier PDF de la délibération.", "erreur")
        return redirect(url_for("plans.plan", code=code) + "#validation")
    try:
        validation.attach_deliberation(
            get_session(), code, numero, upload.read(), upload.filename, qui=current_user.email
        )
    except (pieces.PieceRefusee, ProjetInvalide) as exc:
        flash(str(exc), "erreur")
        return redirect(url_for("plans.plan", code=code) + "#validation")
    except OSError:
        flash(
            "Le serveur n'a pas pu enregistrer le fichier (erreur d'écriture) : renvoyez-le.",
            "erreur",
        )
        return redirect(url_for("plans.plan", code=code) + "#validation")
    flash("Délibération attachée au projet stratégique validé.", "succes")
    return redirect(url_for("plans.plan", code=code) + "#validation")


@bp.get("/communes/<code>/plan/versions/<int:numero>/deliberation.pdf")
def deliberation_pdf(code: str, numero: int):
    _, version = _version(code, numero)
    if not pieces.is_stored(version.deliberation_fichier):
        abort(404, description="Aucune délibération enregistrée pour cette version.")
    return send_file(
        pieces.path_of(version.deliberation_fichier),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=pieces.download_name(version.deliberation_nom),
    )
