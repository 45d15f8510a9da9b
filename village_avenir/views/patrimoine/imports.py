"""Loading an inventory file or the Mérimée export from the browser (engineers): upload,
preview (every bad line with its number; nothing written), confirm.

As ``/diagnostic/imports``: the preview reads the whole file and runs the import's checks
without writing; the file waits under the instance folder (random name, forgotten after a
day) until it is confirmed, then the import writes everything in one transaction.
"""

from __future__ import annotations

import io
import re
import secrets
import time
from pathlib import Path

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth import role_required
from ...db import get_session
from ...domain.roles import INGENIEUR
from ...forms.patrimoine import ImportPatrimoineForm
from ...services import patrimoine as service
from ...sources import ImportFormatError
from ...sources.merimee import read_merimee_elements
from ...sources.patrimoine import COLONNES, COLONNES_OPTIONNELLES, read_inventaire
from .blueprint import bp

TAILLE_MAX = 10 * 1024 * 1024
ATTENTE_MAX = 24 * 3600
_JETON = re.compile(r"^[A-Za-z0-9_-]{20,40}$")
MAGIC = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x1f\x8b", b"\x89PNG", b"\xff\xd8")


class FichierPatrimoineRefuse(ValueError):
    """An upload refused before reading (French message)."""


def _directory() -> Path:
    base = current_app.config.get("IMPORTS_DIR") or Path(current_app.instance_path) / "imports"
    path = Path(base) / "patrimoine"
    path.mkdir(parents=True, exist_ok=True)
    limit = time.time() - ATTENTE_MAX
    for old in path.glob("*.csv"):
        if old.stat().st_mtime < limit:
            old.unlink(missing_ok=True)
    return path


def _text(data: bytes) -> str:
    if not data.strip():
        raise FichierPatrimoineRefuse("le fichier est vide.")
    if data.startswith(MAGIC) or b"\x00" in data[:65536]:
        raise FichierPatrimoineRefuse(
            "ce n'est pas un fichier texte CSV (tableur, PDF ou archive ?) : enregistrez-le au "
            "format CSV (UTF-8, séparateur point-virgule)."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FichierPatrimoineRefuse("le fichier n'est pas encodé en UTF-8.") from None


def _run(fmt: str, data: bytes, nom: str, dry_run: bool):
    fh = io.StringIO(_text(data), newline="")
    if fmt == "merimee":
        lignes = read_merimee_elements(fh)
        return service.import_merimee(get_session(), lignes, auteur=current_user, fichier=nom,
                                      dry_run=dry_run)  # fmt: skip
    lignes = read_inventaire(fh)
    return service.import_inventaire(get_session(), lignes, auteur=current_user, fichier=nom,
                                     dry_run=dry_run)  # fmt: skip


def _page(form, status=200, **ctx):
    return render_template("patrimoine/imports.html", form=form, colonnes=COLONNES,
                           optionnelles=COLONNES_OPTIONNELLES, **ctx), status  # fmt: skip


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
    if request.form.get("action") == "confirmer":
        return _confirm(form)
    upload = request.files.get("fichier")
    try:
        if upload is None or not upload.filename:
            raise FichierPatrimoineRefuse("choisissez le fichier à charger.")
        data = upload.read(TAILLE_MAX + 1)
        if len(data) > TAILLE_MAX:
            raise FichierPatrimoineRefuse(
                f"fichier trop volumineux (au plus {TAILLE_MAX // 1048576} Mio)."
            )
        nom = Path(upload.filename).name[:120]
        report = _run(form.format.data, data, nom, dry_run=True)
    except (FichierPatrimoineRefuse, ImportFormatError) as exc:
        return _page(form, 400, erreur=f"Fichier refusé, rien n'a été importé : {exc}")
    if report.erreurs:
        return _page(form, 400, report=report, nom=nom,
                     erreur=f"{len(report.erreurs)} lignes en erreur : rien n'a été importé. "
                     "Corrigez le fichier puis chargez-le de nouveau.")  # fmt: skip
    jeton = secrets.token_urlsafe(18)
    (_directory() / f"{jeton}.csv").write_bytes(data)
    return _page(form, report=report, nom=nom, jeton=jeton)


def _confirm(form):
    jeton = request.form.get("jeton", "")
    nom = Path(request.form.get("nom", "") or "fichier").name[:120]
    path = _directory() / f"{jeton}.csv"
    try:
        if not _JETON.match(jeton) or not path.exists():
            raise FichierPatrimoineRefuse(
                "aperçu expiré ou inconnu : chargez de nouveau le fichier."
            )
        report = _run(form.format.data, path.read_bytes(), nom, dry_run=False)
    except (FichierPatrimoineRefuse, ImportFormatError) as exc:
        return _page(form, 400, erreur=f"Rien n'a été importé : {exc}")
    if report.erreurs:  # the inventory changed since the preview
        return _page(form, 400, report=report, nom=nom, erreur="Rien n'a été importé :")
    path.unlink(missing_ok=True)
    flash(f"« {nom} » importé : {report.creees} éléments créés, {report.modifiees} modifiés, "
          f"{report.inchangees} inchangés.", "succes")  # fmt: skip
    return redirect(url_for("patrimoine.imports"))
