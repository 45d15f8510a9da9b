"""The home page by role: the programme for everyone, the commune's situation for its mayor,
the waiting work for engineers; the footer pages; old failed logins are erased."""

from datetime import timedelta

from sqlmodel import select

from tests.conftest import login
from tests.web.conftest import logged
from village_avenir.db import get_session
from village_avenir.models import TentativeConnexion
from village_avenir.models.audit import utcnow
from village_avenir.services.candidatures import dossiers as svc
from village_avenir.services.comptes import connexions


def test_a_mayor_sees_the_commune_state_and_the_next_step(cand_app):
    app, ids = cand_app
    html = logged(app, "commune").get("/").get_data(as_text=True)
    assert "Ma commune : Albas" in html
    assert "Brouillon" in html and "Complétez votre dossier de candidature" in html
    assert f'href="/candidatures/{ids["commune"]}"' in html
    assert "Votre travail" not in html


def test_a_mayor_without_application_is_told_to_start(users_app):
    html = logged(users_app, "commune").get("/").get_data(as_text=True)
    assert "pas encore de candidature" in html and svc_next(None) in html


def svc_next(etat):
    from village_avenir.services.accueil import NEXT_STEP

    return NEXT_STEP[etat].replace("'", "&#39;")


def test_an_engineer_sees_applications_by_state_and_what_waits(cand_app):
    app, ids = cand_app
    with app.app_context():
        session = get_session()
        cand = svc.list_candidatures(session, code_insee="46003")[0][0]
        cand.etat = "deposee"
        session.add(cand)
        session.commit()
    html = logged(app, "ingenieur").get("/").get_data(as_text=True)
    assert "Votre travail" in html and "Ma commune" not in html
    assert 'href="/candidatures?etat=brouillon">Brouillon</a> : <strong>1</strong>' in html
    assert 'href="/candidatures?etat=deposee">Déposée</a> : <strong>1</strong>' in html
    assert "Ce qui vous attend (1)" in html
    assert f'href="/instruction/{ids["commune_autre"]}">Alvignac</a>' in html
    assert "Communes dont l'éligibilité est à confirmer" in html


def test_after_login_the_home_page_is_the_dashboard(users_app):
    client = users_app.test_client()
    resp = login(client, "commune")
    assert resp.headers["Location"] == "/"


def test_failed_logins_older_than_the_retention_are_erased(users_app):
    with users_app.app_context():
        session = get_session()
        session.add(
            TentativeConnexion(email="x@y.test", ip="1", quand=utcnow() - timedelta(hours=25))
        )
        session.add(
            TentativeConnexion(email="x@y.test", ip="2", quand=utcnow() - timedelta(hours=2))
        )
        session.commit()
        connexions.record_failure(session, "z@y.test", "3", config=users_app.config)
        ips = sorted(t.ip for t in session.exec(select(TentativeConnexion)).all())
    assert ips == ["2", "3"]  # the window is 24 hours, as the personal-data page says


def test_footer_pages_say_what_they_must(client):
    donnees = client.get("/donnees-personnelles").get_data(as_text=True)
    for words in ("Pourquoi", "Combien de temps", "délégué à la protection des données", "CNIL"):
        assert words in donnees
    a11y = client.get("/accessibilite").get_data(as_text=True)
    for words in (
        "partiellement conforme",
        "RGAA",
        "Ce qui n'est pas encore conforme",
        "axe-core",
    ):
        assert words in a11y
    assert "Directeur de la publication" in client.get("/mentions-legales").get_data(as_text=True)
