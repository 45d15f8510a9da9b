"""A deposited application feeds the diagnosis with the commune's declared figures, which
count only once an engineer validates them."""

import io

from sqlmodel import Session, select

from tests.conftest import login
from tests.web.conftest import COMPLETE, PDF, post_dossier
from village_avenir.db import get_session
from village_avenir.models import Journal, ValeurIndicateur
from village_avenir.services import diagnostic


def declared(app, code):
    with Session(app.extensions["village_avenir.engine"]) as s:
        rows = s.exec(select(ValeurIndicateur).where(ValeurIndicateur.code_insee == code)).all()
        return {r.donnee: r for r in rows}


def deposit(app, cid, data):
    owner = app.test_client()
    login(owner, "commune")
    files = {"deliberation": (io.BytesIO(PDF), "deliberation.pdf")}
    resp = post_dossier(owner, cid, data, action="deposer", files=files)
    assert resp.status_code == 302, resp.get_data(as_text=True)[:300]


def test_deposit_declares_the_figures_for_validation(cand_app):
    app, ids = cand_app
    assert declared(app, "46001") == {}  # a draft declares nothing
    deposit(app, ids["commune"], COMPLETE)
    values = declared(app, "46001")
    assert values["logements_vacants_connus"].valeur == 14
    assert values["services_perdus"].valeur == 2  # « Épicerie (2015) » and « Café (2019) »
    assert values["petit_patrimoine_a_restaurer"].valeur == 0  # the church is protected
    assert {v.statut for v in values.values()} == {"a_valider"}
    assert all(v.origine == "declaree" for v in values.values())
    assert all(f"Candidature n° {ids['commune']}" in v.source for v in values.values())
    with Session(app.extensions["village_avenir.engine"]) as s:
        actions = [j.action for j in s.exec(select(Journal).where(Journal.code_insee == "46001"))]
    assert actions.count("saisie:declaration") == 3


def test_validated_declared_value_is_judged_against_its_threshold_not_scored(cand_app):
    app, ids = cand_app
    deposit(app, ids["commune"], COMPLETE)
    with app.app_context():
        before = diagnostic.latest_scores(get_session())["46001"]
        diagnostic.validate_value(
            get_session(),
            code_insee="46001",
            indicateur="services_perdus",
            qui="ingenieur@lot.test",
        )
        diagnostic.take_snapshot(get_session(), qui="ingenieur@lot.test", motif="Validation")
        after = diagnostic.latest_scores(get_session())["46001"]
        _, content = diagnostic.view_content(get_session())
    # one commune's declaration never moves a score (no percentile of a single value) …
    assert after.domaines == before.domaines and after.couverture == before.couverture
    # … it is shown with its value and the verdict of the stated threshold (1 service lost)
    row = {r[0]: r for r in content["communes"]["46001"]["detail"]}["services_perdus"]
    assert row[1] == 2 and row[9] == "seuil" and row[10] is True


def test_out_of_range_figure_is_journaled_not_lost(cand_app):
    app, ids = cand_app
    deposit(app, ids["commune"], {**COMPLETE, "logements_vacants": "20000"})
    assert "logements_vacants_connus" not in declared(app, "46001")
    with Session(app.extensions["village_avenir.engine"]) as s:
        entry = s.exec(
            select(Journal).where(Journal.action == "candidature:valeur_non_reprise")
        ).one()
    assert "hors bornes" in entry.motif and '"logements_vacants_connus"' in entry.apres
