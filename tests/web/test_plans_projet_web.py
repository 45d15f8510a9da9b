"""Projet stratégique pages: the plan page shows the projet, the forms save through the
services with CSRF and concurrency control, a commune cannot validate, the PDF is a paged A4
document carrying the whole projet, the deliberation upload refuses a non-PDF."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from sqlmodel import select

from tests.conftest import csrf_token
from tests.pdfs import minimal_pdf
from tests.web.conftest import logged
from village_avenir.db import get_session
from village_avenir.domain.planning import Need
from village_avenir.models import Courriel
from village_avenir.parametres import load_catalogue_actions
from village_avenir.services import plans as sp

CODE = "46001"
NEEDS = [
    Need("logement", "logements_vacants", 80, "visite"),
    Need("services", "commerce", 50, "visite"),
]


@pytest.fixture
def app(users_app):
    with users_app.app_context():
        sp.propose(get_session(), CODE, NEEDS, load_catalogue_actions(), qui="tests")
    return users_app


def _version(html):
    return re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)


def test_plan_page_shows_the_projet_and_a_commune_cannot_validate(app):
    ing = logged(app, "ingenieur")
    html = ing.get(f"/communes/{CODE}/plan").get_data(as_text=True)
    for part in (
        "Synthèse du diagnostic",
        "Enjeux",
        "Orientations",
        "Fiches-actions",
        "Plan de financement prévisionnel",
        "Part de la commune",
        "Valider le projet",
    ):
        assert part in html, part
    maire = logged(app, "commune")
    page = maire.get(f"/communes/{CODE}/plan").get_data(as_text=True)
    assert "Valider le projet" not in page
    token = csrf_token(maire, f"/communes/{CODE}/plan")
    assert (
        maire.post(
            f"/communes/{CODE}/plan/valider", data={"csrf_token": token, "version": "1"}
        ).status_code
        == 403
    )
    autre = logged(app, "commune_autre")
    assert autre.get(f"/communes/{CODE}/plan/versions/1/projet.pdf").status_code == 403
    assert autre.get(f"/communes/{CODE}/plan/suivi").status_code == 403


def test_fiche_form_refuses_an_illegal_financing_plan_keeping_what_was_typed(app):
    ing = logged(app, "ingenieur")
    with app.app_context():
        cle = sp.actions_of(get_session(), sp.current_version(get_session(), CODE))[0].cle
    url = f"/communes/{CODE}/plan/actions/{cle}/fiche"
    html = ing.get(url).get_data(as_text=True)
    data = {
        "csrf_token": csrf_token(ing, url),
        "version": _version(html),
        "objectif": "Objectif tapé",
        "porteur": "Commune",
        "partenaires": "ANAH",
        "calendrier": "2027",
        "indicateur": "Logements",
        "t_detr": "60",
        "t_departement": "30",
    }
    r = ing.post(url, data=data)
    assert r.status_code == 400
    body = r.get_data(as_text=True)
    assert "minimum légal de 20 %" in body and "Objectif tapé" in body
    data["t_detr"] = "50"
    assert ing.post(url, data=data).status_code == 302
    stale = ing.post(url, data=data)  # the version it was typed on is gone
    assert stale.status_code == 409


def test_validate_then_pdf_then_deliberation(app):
    ing = logged(app, "ingenieur")
    html = ing.get(f"/communes/{CODE}/plan").get_data(as_text=True)
    token = csrf_token(ing, f"/communes/{CODE}/plan")
    r = ing.post(
        f"/communes/{CODE}/plan/valider", data={"csrf_token": token, "version": _version(html)}
    )
    assert r.status_code == 302
    with app.app_context():
        assert get_session().exec(select(Courriel).where(Courriel.genre == "projet_valide")).all()
    pdf = ing.get(f"/communes/{CODE}/plan/versions/2/projet.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.data))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert len(reader.pages) >= 2
    assert abs(reader.pages[0].mediabox.width - 595) < 2  # A4
    for part in (
        "Projet stratégique",
        "Synthèse du diagnostic",
        "Enjeux",
        "Fiches-actions",
        "Plan de financement",
        "Page 1 sur",
        "Sources",
        "Carte des actions",
    ):
        assert part in text, part
    maire = logged(app, "commune")
    token = csrf_token(maire, f"/communes/{CODE}/plan")
    url = f"/communes/{CODE}/plan/versions/2/deliberation"
    bad = maire.post(
        url,
        data={"csrf_token": token, "fichier": (io.BytesIO(b"<html>"), "d.pdf")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "pas un document PDF" in bad.get_data(as_text=True)
    ok = maire.post(
        url,
        data={"csrf_token": token, "fichier": (io.BytesIO(minimal_pdf()), "deliberation.pdf")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "Délibération attachée" in ok.get_data(as_text=True)
    assert maire.get(f"/communes/{CODE}/plan/versions/2/deliberation.pdf").status_code == 200
    suivi = maire.get(f"/communes/{CODE}/plan/suivi").get_data(as_text=True)
    assert "Proposer ce statut" in suivi and "Délibération du conseil municipal déposée" in suivi


def test_commune_sheet_shows_the_timeline_to_the_commune_only(app):
    with app.app_context():
        from village_avenir.parametres import load_financements
        from village_avenir.services.plans import validation

        validation.validate(
            get_session(), CODE, load_catalogue_actions(), load_financements(), qui="tests"
        )
    maire = logged(app, "commune")
    html = maire.get(f"/communes/{CODE}").get_data(as_text=True)
    assert "Chronologie du projet stratégique" in html and "Projet stratégique validé" in html
    public = app.test_client().get(f"/communes/{CODE}").get_data(as_text=True)
    assert "Chronologie du projet stratégique" not in public


def test_projet_form_edits_every_part_and_refuses_one_stake_keeping_the_text(app):
    ing = logged(app, "ingenieur")
    url = f"/communes/{CODE}/plan/projet"
    html = ing.get(url).get_data(as_text=True)
    assert "Patrimoine à évaluer" in html or "non évalué" in html or "source :" in html
    data = {
        "csrf_token": csrf_token(ing, url),
        "version": _version(html),
        "forces": "Gare à 5 km (visite du 12/11/2026)",
        "faiblesses": "Bourg vide l'hiver",
        "non_evalue": "Patrimoine à évaluer : visite à prévoir.",
        "enjeux": "Un seul enjeu",
        "court": "a",
        "moyen": "b",
        "long": "c",
    }
    r = ing.post(url, data=data)
    assert r.status_code == 400 and "il en faut de 2 à 4" in r.get_data(as_text=True)
    assert "Gare à 5 km" in r.get_data(as_text=True)
    data["enjeux"] = "Habiter le bourg\nGarder un commerce"
    assert ing.post(url, data=data).status_code == 302
    page = ing.get(f"/communes/{CODE}/plan").get_data(as_text=True)
    assert "Gare à 5 km (visite du 12/11/2026)" in page and "Garder un commerce" in page
    assert "Projet proposé à partir des chiffres" not in page


def test_plan_table_shows_the_follow_up_status(app):
    from datetime import date

    from village_avenir.parametres import load_financements
    from village_avenir.services.plans import suivi, validation

    with app.app_context():
        s = get_session()
        v = validation.validate(s, CODE, load_catalogue_actions(), load_financements(), qui="t")
        cle = sp.actions_of(s, v)[0].cle
        suivi.set_statut(s, CODE, cle, "realisee", date.today(), "", qui="t", par_commune=False)
    html = logged(app, "commune").get(f"/communes/{CODE}/plan").get_data(as_text=True)
    row = re.search(rf'<tr data-cle="{cle}".*?</tr>', html, re.S).group(0)
    assert "statut-realisee" in row and "Réalisée" in row


def test_departement_map_colours_plan_progress_for_engineers_only(app):
    ing = logged(app, "ingenieur")
    html = ing.get("/carte?couleur=avancement_plans").get_data(as_text=True)
    assert "Avancement des plans" in html and "Plan en préparation" in html
    table = ing.get("/carte/tableau?couleur=avancement_plans").get_data(as_text=True)
    assert "Plan en préparation" in table
    anonymous = app.test_client().get("/carte?couleur=avancement_plans")
    assert anonymous.status_code in (302, 403)
