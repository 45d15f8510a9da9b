"""Issue 14 n° 4 (uploaded names and fake PDFs) and n° 2 (replaced PDFs are deleted)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.pdfs import PDF, minimal_pdf
from tests.web.conftest import logged, post_dossier
from village_avenir.db import get_session
from village_avenir.models import Candidature
from village_avenir.services.candidatures.pieces import download_name

POLYGLOT = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n"


def _upload(client, cid, data, name):
    return post_dossier(client, cid, {}, files={"deliberation": (io.BytesIO(data), name)})


def _cand(app, cid) -> Candidature:
    with app.app_context():
        cand = get_session().get(Candidature, cid)
        get_session().expunge(cand)
        return cand


@pytest.mark.parametrize("name", ["x.hta", "x.html", "x.svg"])
def test_a_fake_pdf_is_refused_with_the_real_reason(cand_app, name):
    app, ids = cand_app
    resp = _upload(logged(app, "commune"), ids["commune"], POLYGLOT, name)
    assert resp.status_code == 400
    assert "ne peut pas être ouvert comme" in resp.get_data(as_text=True)
    assert _cand(app, ids["commune"]).deliberation_fichier is None


@pytest.mark.parametrize("name", ["x.hta", "rapport.html", "image.svg", "../../a.PDF"])
def test_a_real_pdf_is_always_served_as_pdf(cand_app, name):
    app, ids = cand_app
    client = logged(app, "commune")
    assert _upload(client, ids["commune"], PDF, name).status_code == 302
    resp = logged(app, "ingenieur").get(f"/candidatures/{ids['commune']}/deliberation")
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    disposition = resp.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and disposition.rstrip('"').endswith(".pdf")
    assert ".hta" not in disposition and ".html" not in disposition and ".svg" not in disposition


def test_a_name_stored_before_the_fix_is_served_as_pdf(cand_app):
    app, ids = cand_app
    assert _upload(logged(app, "commune"), ids["commune"], PDF, "d.pdf").status_code == 302
    with app.app_context():
        s = get_session()
        cand = s.get(Candidature, ids["commune"])
        cand.deliberation_nom = "piege.hta"
        s.add(cand)
        s.commit()
    resp = logged(app, "ingenieur").get(f"/candidatures/{ids['commune']}/deliberation")
    assert resp.headers["Content-Disposition"] == "attachment; filename=piege.pdf"


def test_too_many_pages_are_refused(cand_app):
    app, ids = cand_app
    resp = _upload(logged(app, "commune"), ids["commune"], minimal_pdf(pages=101), "d.pdf")
    assert resp.status_code == 400
    assert "101 pages" in resp.get_data(as_text=True)


def test_a_replaced_pdf_is_deleted_after_the_commit(cand_app):
    app, ids = cand_app
    client = logged(app, "commune")
    assert _upload(client, ids["commune"], PDF, "premiere.pdf").status_code == 302
    first = Path(app.config["PIECES_DIR"]) / _cand(app, ids["commune"]).deliberation_fichier
    assert first.exists()
    assert (
        _upload(client, ids["commune"], minimal_pdf(title="v2"), "seconde.pdf").status_code == 302
    )
    second = Path(app.config["PIECES_DIR"]) / _cand(app, ids["commune"]).deliberation_fichier
    assert second.exists() and not first.exists()


@pytest.mark.parametrize(
    ("uploaded", "served"),
    [
        ("x.hta", "x.pdf"),
        ("../../etc/a.html", "a.pdf"),
        ("C:\\Users\\m\\délib n°3.PDF", "délib n_3.pdf"),
        ("x\u202efdp.exe", "xfdp.pdf"),
        ("", "deliberation.pdf"),
        ("....", "deliberation.pdf"),
    ],
)
def test_download_name(uploaded, served):
    assert download_name(uploaded) == served
