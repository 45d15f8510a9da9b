"""Issue 16 n° 4: the uploaded deliberation is written after the commit that refers to it,
never before: a refused or interrupted commit leaves no file, and a file the disk refuses
after the commit leaves the application on its previous piece (journaled, commune told)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlmodel import select

from tests.pdfs import PDF, minimal_pdf
from tests.web.conftest import logged, post_dossier
from village_avenir.db import get_session
from village_avenir.models import Candidature, Journal
from village_avenir.services.candidatures import dossiers as svc
from village_avenir.services.candidatures import pieces


def _on_disk(app) -> set[str]:
    return {p.name for p in Path(app.config["PIECES_DIR"]).glob("*")}


def _save(session, cand, pdf=PDF):
    return svc.save_draft(
        session,
        cand,
        contenu={"projet_titre": "Halle"},
        version_attendue=cand.version,
        qui="tests",
        piece=("d.pdf", pdf),
    )


def test_the_file_is_not_on_disk_when_the_database_commits(cand_app):
    app, ids = cand_app
    at_commit = []
    with app.app_context():
        session = get_session()
        cand = session.get(Candidature, ids["commune"])
        listener = lambda _s: at_commit.append(_on_disk(app))  # noqa: E731
        event.listen(session, "before_commit", listener)
        try:
            assert _save(session, cand) is None
        finally:
            event.remove(session, "before_commit", listener)
        fichier = cand.deliberation_fichier
    assert at_commit and fichier not in at_commit[-1]
    assert (Path(app.config["PIECES_DIR"]) / fichier).read_bytes() == PDF


@pytest.mark.parametrize("panne", [RuntimeError, SystemExit], ids=["erreur", "arret"])
def test_a_commit_that_fails_leaves_no_file(cand_app, panne):
    """Also when the process is stopped at the commit (SystemExit passes ``except
    Exception``: with the file written before the commit, it stayed on disk, orphan)."""
    app, ids = cand_app
    before = _on_disk(app)

    def fail(_session):
        raise panne("la base ne répond plus")

    with app.app_context():
        session = get_session()
        cand = session.get(Candidature, ids["commune"])
        event.listen(session, "before_commit", fail)
        try:
            with pytest.raises(panne):
                _save(session, cand)
        finally:
            event.remove(session, "before_commit", fail)
        session.expire_all()
        assert session.get(Candidature, ids["commune"]).deliberation_fichier is None
    assert _on_disk(app) == before


def test_a_file_refused_by_the_disk_after_the_commit_keeps_the_previous_one(cand_app, monkeypatch):
    app, ids = cand_app
    client = logged(app, "commune")
    files = {"deliberation": (io.BytesIO(PDF), "premiere.pdf")}
    assert post_dossier(client, ids["commune"], {}, files=files).status_code == 302
    with app.app_context():
        first = get_session().get(Candidature, ids["commune"]).deliberation_fichier
    on_disk = _on_disk(app)

    def disk_full(fichier, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pieces, "write", disk_full)
    files = {"deliberation": (io.BytesIO(minimal_pdf(title="v2")), "seconde.pdf")}
    resp = post_dossier(client, ids["commune"], {"projet_titre": "Halle"}, files=files)
    assert resp.status_code == 400
    page = resp.get_data(as_text=True)
    assert "mais pas le fichier" in page and "n&#39;a pas pu enregistrer le fichier" in page
    with app.app_context():
        session = get_session()
        cand = session.get(Candidature, ids["commune"])
        assert cand.deliberation_fichier == first and cand.deliberation_nom == "premiere.pdf"
        assert svc.contenu_of(cand)["projet_titre"] == "Halle"  # the rest of the draft is kept
        last = session.exec(select(Journal).order_by(Journal.id.desc())).first()
        assert last.action == "candidature:modification" and "précédente" in last.motif
        assert "seconde.pdf" in last.avant and "premiere.pdf" in last.apres
    assert _on_disk(app) == on_disk  # the first file is still there, nothing else
    resp = logged(app, "ingenieur").get(f"/candidatures/{ids['commune']}/deliberation")
    assert resp.status_code == 200 and resp.data == PDF


def test_a_referenced_file_missing_from_disk_counts_as_no_deliberation(cand_app):
    """A process stopped between the commit and the write leaves a row naming a file that
    never came: the deposit must ask for the deliberation again, not accept a file it lacks."""
    app, ids = cand_app
    with app.app_context():
        session = get_session()
        cand = session.get(Candidature, ids["commune"])
        assert _save(session, cand) is None
        manque = "La délibération du conseil municipal (PDF)"
        assert manque not in svc.missing(cand)
        pieces.path_of(cand.deliberation_fichier).unlink()
        assert manque in svc.missing(cand)
        assert not pieces.is_stored("../" + cand.deliberation_fichier)
