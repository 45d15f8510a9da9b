"""Loading official indicator files from the browser (engineers): choose the format, upload,
preview (rows read, to import, rejected with their line), confirm. A file that does not cover
the département (« le fichier couvre 2 communes sur 312 ») is imported only when the partial
box is ticked, and then never as zeros (``services/diagnostic/imports.py``).

The preview reads the whole file with the same readers as the command line and runs the
import in a transaction that is rolled back: nothing is written. The uploaded file waits
under the instance folder (random name) until it is confirmed; the confirmation imports it
in one journaled transaction followed by a new snapshot, then deletes it.
"""

from __future__ import annotations

import io
from pathlib import Path

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from ...db import get_session
from ...forms.imports import ImportIndicateursForm
from ...services.diagnostic.imports import FORMATS, NEEDS_YEAR, import_indicateurs, read_file
from ...sources import ImportInvalide
from ...web.auth import role_required
from ..fichiers_en_attente import FichierRefuse, csv_text, forget, keep, read_upload, waiting
from .blueprint import bp

TAILLE_MAX = 20 * 1024 * 1024


def _read(fmt: str, annee: str | None, data: bytes):
    return read_file(fmt, io.StringIO(csv_text(data), newline=""), annee)


def _form() -> ImportIndicateursForm:
    return ImportIndicateursForm(FORMATS, NEEDS_YEAR)


def _params(form: ImportIndicateursForm) -> tuple[str, str | None]:
    """The format and vintage, or FichierRefuse with the form's first message."""
    if not form.validate_on_submit():
        raise FichierRefuse((form.erreurs() or ["formulaire invalide."])[0])
    return form.format.data, form.annee_lue()


def _page(form: ImportIndicateursForm, status=200, **ctx):
    ctx.setdefault("format", form.chaine("format"))
    ctx.setdefault("annee", form.chaine("annee"))
    return render_template(
        "diagnostic/imports.html", formats=FORMATS, besoin_annee=NEEDS_YEAR, **ctx
    ), status


@bp.get("/imports")
@role_required("ingenieur")
def imports():
    return _page(_form())


@bp.post("/imports")
@role_required("ingenieur")
def imports_apercu():
    """Preview an uploaded file, or (``action=confirmer``) import the previewed one."""
    form = _form()
    if form.confirme():
        return _confirm(form)
    upload = form.fichier.data
    try:
        fmt, annee = _params(form)
        data = read_upload(upload, TAILLE_MAX)
        result = _read(fmt, annee, data)
        report = import_indicateurs(
            get_session(), result, qui=current_user.email, fichier=upload.filename, dry_run=True
        )
    except (FichierRefuse, ImportInvalide) as exc:
        return _page(form, 400, erreur=f"Fichier refusé, rien n'a été importé : {exc}")
    jeton = keep(data)
    nom = Path(upload.filename).name[:120]
    return _page(
        form,
        apercu={"report": report, "result": result, "nom": nom, "jeton": jeton},
        format=fmt,
        annee=annee or "",
    )


def _confirm(form: ImportIndicateursForm):
    nom = form.nom_fichier()
    try:
        fmt, annee = _params(form)
        path = waiting(form.chaine("jeton"))
        result = _read(fmt, annee, path.read_bytes())
        report = import_indicateurs(
            get_session(),
            result,
            qui=current_user.email,
            fichier=nom,
            partiel=form.partiel_coche(),
        )
    except (FichierRefuse, ImportInvalide) as exc:
        return _page(form, 400, erreur=f"Rien n'a été importé : {exc}")
    forget(path)
    flash(
        f"« {nom} » importé : {report.importees} valeurs importées ou mises à jour, "
        f"{report.inchangees} inchangées, {report.rejetees} lignes rejetées ; scores recalculés "
        f"(instantané n° {report.instantane_id}).",
        "succes",
    )
    return redirect(url_for("diagnostic.classement"))
