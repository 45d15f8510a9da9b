"""Loading an inventory file or the Mérimée export from the browser (engineers): upload,
preview (every bad line with its number; nothing written), confirm.

As ``/diagnostic/imports``: the preview reads the whole file and runs the import's checks
without writing; the file waits under the instance folder (random name, forgotten after a
day) until it is confirmed, then the import writes everything in one transaction.
"""

from __future__ import annotations

import io
from pathlib import Path

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from ...db import get_session
from ...domain.roles import INGENIEUR
from ...forms.patrimoine import ImportPatrimoineForm
from ...services import patrimoine as service
from ...sources import ImportInvalide
from ...sources.merimee import read_merimee_elements
from ...sources.patrimoine import COLONNES, COLONNES_OPTIONNELLES, read_inventaire
from ...web.auth import role_required
from ..fichiers_en_attente import FichierRefuse, csv_text, forget, keep, read_upload, waiting
from .blueprint import bp

TAILLE_MAX = 10 * 1024 * 1024


def _run(fmt: str, data: bytes, nom: str, dry_run: bool):
    fh = io.StringIO(
        csv_text(data, utf8_seulement=True, format_attendu=" (UTF-8, séparateur point-virgule)"),
        newline="",
    )
    if fmt == "merimee":
        lignes = read_merimee_elements(fh)
        return service.import_merimee(
            get_session(), lignes, auteur=current_user, fichier=nom, dry_run=dry_run
        )
    lignes = read_inventaire(fh)
    return service.import_inventaire(
        get_session(), lignes, auteur=current_user, fichier=nom, dry_run=dry_run
    )


def _page(form, status=200, **ctx):
    return render_template(
        "patrimoine/imports.html",
        form=form,
        colonnes=COLONNES,
        optionnelles=COLONNES_OPTIONNELLES,
        **ctx,
    ), status


@bp.get("/patrimoine/imports")
@role_required(INGENIEUR)
def imports():
    return _page(ImportPatrimoineForm())


@bp.post("/patrimoine/imports")
@role_required(INGENIEUR)
def imports_apercu():
    form = ImportPatrimoineForm()
    if not form.validate_on_submit():
        return _page(form, 400, erreur="Formulaire invalide : choisissez le format et le fichier.")
    if form.confirme():
        return _confirm(form)
    upload = form.fichier.data
    try:
        data = read_upload(upload, TAILLE_MAX)
        nom = Path(upload.filename).name[:120]
        report = _run(form.format.data, data, nom, dry_run=True)
    except (FichierRefuse, ImportInvalide) as exc:
        return _page(form, 400, erreur=f"Fichier refusé, rien n'a été importé : {exc}")
    if report.erreurs:
        return _page(
            form,
            400,
            report=report,
            nom=nom,
            erreur=f"{len(report.erreurs)} lignes en erreur : rien n'a été importé. "
            "Corrigez le fichier puis chargez-le de nouveau.",
        )
    jeton = keep(data, "patrimoine")
    return _page(form, report=report, nom=nom, jeton=jeton)


def _confirm(form):
    nom = form.nom_fichier()
    try:
        path = waiting(form.chaine("jeton"), "patrimoine")
        report = _run(form.format.data, path.read_bytes(), nom, dry_run=False)
    except (FichierRefuse, ImportInvalide) as exc:
        return _page(form, 400, erreur=f"Rien n'a été importé : {exc}")
    if report.erreurs:  # the inventory changed since the preview
        return _page(form, 400, report=report, nom=nom, erreur="Rien n'a été importé :")
    forget(path)
    flash(
        f"« {nom} » importé : {report.creees} éléments créés, {report.modifiees} modifiés, "
        f"{report.inchangees} inchangés.",
        "succes",
    )
    return redirect(url_for("patrimoine.imports"))
