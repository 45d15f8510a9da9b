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
import re
from pathlib import Path

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...db import get_session
from ...services.diagnostic.imports import FORMATS, NEEDS_YEAR, import_indicateurs, read_file
from ...sources import ImportInvalide
from ...web.auth import role_required
from ..fichiers_en_attente import FichierRefuse, csv_text, forget, keep, read_upload, waiting
from .blueprint import bp

TAILLE_MAX = 20 * 1024 * 1024


def _read(fmt: str, annee: str | None, data: bytes):
    return read_file(fmt, io.StringIO(csv_text(data), newline=""), annee)


def _params():
    fmt = request.form.get("format", "")
    annee = request.form.get("annee", "").strip() or None
    if fmt not in FORMATS:
        raise FichierRefuse("choisissez le format du fichier.")
    if fmt in NEEDS_YEAR and not (annee and re.fullmatch(r"[0-9]{4}", annee)):
        raise FichierRefuse(
            "indiquez le millésime du fichier (année sur 4 chiffres) pour ce format."
        )
    if annee and not re.fullmatch(r"[0-9]{4}", annee):
        raise FichierRefuse("millésime invalide (année sur 4 chiffres).")
    return fmt, annee


def _page(status=200, **ctx):
    ctx.setdefault("format", request.form.get("format", ""))
    ctx.setdefault("annee", request.form.get("annee", ""))
    return render_template(
        "diagnostic/imports.html", formats=FORMATS, besoin_annee=NEEDS_YEAR, **ctx
    ), status


@bp.get("/imports")
@role_required("ingenieur")
def imports():
    return _page()


@bp.post("/imports")
@role_required("ingenieur")
def imports_apercu():
    """Preview an uploaded file, or (``action=confirmer``) import the previewed one."""
    if request.form.get("action") == "confirmer":
        return _confirm()
    upload = request.files.get("fichier")
    try:
        fmt, annee = _params()
        data = read_upload(upload, TAILLE_MAX)
        result = _read(fmt, annee, data)
        report = import_indicateurs(
            get_session(), result, qui=current_user.email, fichier=upload.filename, dry_run=True
        )
    except (FichierRefuse, ImportInvalide) as exc:
        return _page(400, erreur=f"Fichier refusé, rien n'a été importé : {exc}")
    jeton = keep(data)
    nom = Path(upload.filename).name[:120]
    return _page(
        apercu={"report": report, "result": result, "nom": nom, "jeton": jeton},
        format=fmt,
        annee=annee or "",
    )


def _confirm():
    jeton = request.form.get("jeton", "")
    nom = Path(request.form.get("nom", "") or "fichier").name[:120]
    try:
        fmt, annee = _params()
        path = waiting(jeton)
        result = _read(fmt, annee, path.read_bytes())
        report = import_indicateurs(
            get_session(),
            result,
            qui=current_user.email,
            fichier=nom,
            partiel=request.form.get("partiel") == "oui",
        )
    except (FichierRefuse, ImportInvalide) as exc:
        return _page(400, erreur=f"Rien n'a été importé : {exc}")
    forget(path)
    flash(
        f"« {nom} » importé : {report.importees} valeurs importées ou mises à jour, "
        f"{report.inchangees} inchangées, {report.rejetees} lignes rejetées ; scores recalculés "
        f"(instantané n° {report.instantane_id}).",
        "succes",
    )
    return redirect(url_for("diagnostic.classement"))
