"""Password reset by e-mail, the account page, unlocking (issue 12, item 3); passwords,
addresses and invitations hardened (issue 14, item 7)."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, select

from tests.conftest import PASSWORD, USERS, csrf_token, login
from tests.smtp_server import SmtpServer, smtp_settings
from tests.web.conftest import logged
from village_avenir.db import get_session
from village_avenir.models import Courriel, Invitation, Journal, TentativeConnexion
from village_avenir.services.comptes import connexions, invitations
from village_avenir.services.comptes import utilisateurs as comptes
from village_avenir.services.courriels import envoi

NOUVEAU = "une girafe mauve traverse le Causse"


def _db(app):
    return Session(app.extensions["village_avenir.engine"])


def _deliver(app, smtp):
    app.config.update(smtp_settings(smtp.port))
    with app.app_context():
        envoi.send_due(get_session(), envoi.smtp_config(app.config))


def _link(msg) -> str:
    text = msg.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"http://127\.0\.0\.1:5000(/\S+)", text).group(1)  # dev/test address


def _continue(client, path):
    token = csrf_token(client, path)
    return client.post(path, data={"csrf_token": token})


def _choose(client, path, password):
    token = csrf_token(client, path)
    return client.post(
        path, data={"csrf_token": token, "mot_de_passe": password, "confirmation": password}
    )


def test_forgotten_password_by_email_link_single_use(users_app):
    app = users_app
    client = app.test_client()
    token = csrf_token(client, "/mot-de-passe-oublie")
    for email in (USERS["commune"][0], "inconnu@lot.test"):
        resp = client.post(
            "/mot-de-passe-oublie",
            data={"csrf_token": token, "email": email},
            follow_redirects=True,
        )
        assert "Si un compte existe pour cette adresse" in resp.get_data(as_text=True)
    with SmtpServer() as smtp:
        _deliver(app, smtp)
        (msg,) = smtp.wait_for(1)
    assert msg["To"] == USERS["commune"][0]
    link = _link(msg)
    with _db(app) as s:  # the administrators never read the link
        row = s.exec(select(Courriel)).one()
    admin = logged(app, "admin")
    assert link not in admin.get(f"/admin/courriels/{row.id}").get_data(as_text=True)
    # « Continuer » spends the link's token: the same URL (e.g. from a log) is then dead.
    assert client.get(link).status_code == 200
    assert _continue(client, link).headers["Location"].endswith("/mot-de-passe/nouveau")
    assert app.test_client().get(link).status_code == 404
    weak = _choose(client, "/mot-de-passe/nouveau", "aaaaaaaaaa")
    assert "trop facile à deviner" in weak.get_data(as_text=True)
    assert _choose(client, "/mot-de-passe/nouveau", NOUVEAU).status_code == 302
    # Once used, nothing more; the old password is gone, the new one works.
    assert "Ouvrez le lien" in client.get("/mot-de-passe/nouveau").get_data(as_text=True)
    fresh = app.test_client()
    assert login(fresh, "commune").status_code == 200  # old password refused
    token = csrf_token(fresh, "/connexion")
    ok = fresh.post(
        "/connexion",
        data={"csrf_token": token, "email": USERS["commune"][0], "mot_de_passe": NOUVEAU},
    )
    assert ok.status_code == 302


def test_reset_works_while_logins_are_suspended_and_the_owner_is_told(users_app):
    app = users_app
    email = USERS["commune"][0]
    client = app.test_client()
    for _ in range(app.config["CONNEXION_ESSAIS_LIBRES"]):
        token = csrf_token(client, "/connexion")
        client.post(
            "/connexion",
            data={"csrf_token": token, "email": email, "mot_de_passe": "mauvais-mot-de-passe"},
        )
    with _db(app) as s:
        locked = s.exec(select(Courriel).where(Courriel.genre == "compte_verrouille")).all()
    assert [c.destinataire for c in locked] == [email]
    assert "/mot-de-passe-oublie" in locked[0].texte
    with app.app_context():
        from village_avenir.services.comptes import motdepasse

        jeton = motdepasse.request_reset(get_session(), email, minutes=60)
    assert _continue(client, f"/mot-de-passe/{jeton}").status_code == 302
    assert _choose(client, "/mot-de-passe/nouveau", NOUVEAU).status_code == 302
    with _db(app) as s:
        assert not s.exec(select(TentativeConnexion).where(TentativeConnexion.email == email)).all()


def test_account_page_changes_the_password_and_lists_logins(users_app):
    app = users_app
    client = logged(app, "commune")
    page = client.get("/compte").get_data(as_text=True)
    assert "Connexions et sessions" in page and "Compte : connexion" in page
    token = csrf_token(client, "/compte")
    bad = client.post(
        "/compte/mot-de-passe",
        data={
            "csrf_token": token,
            "actuel": "faux",
            "mot_de_passe": NOUVEAU,
            "confirmation": NOUVEAU,
        },
    )
    assert bad.status_code == 400 and "Mot de passe actuel incorrect" in bad.get_data(as_text=True)
    ok = client.post(
        "/compte/mot-de-passe",
        data={
            "csrf_token": token,
            "actuel": PASSWORD,
            "mot_de_passe": NOUVEAU,
            "confirmation": NOUVEAU,
        },
    )
    assert ok.status_code == 302
    assert client.get("/compte").status_code == 302  # logged out everywhere, here too


def test_admin_unlocks_an_account(users_app):
    app = users_app
    email = USERS["commune"][0]
    with app.app_context():
        s = get_session()
        for _ in range(5):
            connexions.record_failure(s, email, "10.0.0.1")
        uid = s.exec(select(comptes.Utilisateur.id).where(comptes.Utilisateur.email == email)).one()
    admin = logged(app, "admin")
    token = csrf_token(admin, "/admin")
    resp = admin.post(f"/admin/utilisateurs/{uid}/deverrouiller", data={"csrf_token": token})
    assert resp.status_code == 302
    with _db(app) as s:
        assert not s.exec(select(TentativeConnexion)).all()
        assert s.exec(select(Journal).where(Journal.action == "compte:deverrouillage")).one()
    assert login(app.test_client(), "commune").status_code == 302


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("aaaaaaaaaa", "trop facile"),
        ("motdepasse123", "trop facile"),
        ("nouveau@albas.test", "votre adresse"),
        ("court", "au moins 10"),
    ],
)
def test_weak_passwords_are_refused(loaded_fresh_app, password, reason):
    with loaded_fresh_app.app_context(), pytest.raises(comptes.CompteInvalide, match=reason):
        comptes.create_user(
            get_session(),
            email="nouveau@albas.test",
            nom="Nouveau",
            role="commune",
            commune_code="46001",
            password=password,
            qui="tests",
        )


@pytest.mark.parametrize("email", ["a@b", "pas-une-adresse", "x@@lot.fr", "x@lot..fr"])
def test_invalid_addresses_are_refused(loaded_fresh_app, email):
    with loaded_fresh_app.app_context(), pytest.raises(comptes.CompteInvalide, match="invalide"):
        invitations.invite(get_session(), email=email, nom="X", commune_code="46001", qui="tests")


def test_invitation_link_single_use_on_first_view_and_revocable(users_app):
    app = users_app
    with app.app_context():
        s = get_session()
        jeton = invitations.invite(
            s, email="secretaire@albas.test", nom="Secrétaire", commune_code="46001", qui="tests"
        )
        autre = invitations.invite(
            s, email="adjoint@albas.test", nom="Adjoint", commune_code="46001", qui="tests"
        )
        with _db(app) as db:
            courriel = db.exec(select(Courriel).where(Courriel.genre == "invitation")).first()
    assert f"/invitation/{jeton}" in courriel.texte  # the invitation went to the outbox
    client = app.test_client()
    assert client.get(f"/invitation/{jeton}").status_code == 200  # GET spends nothing
    assert client.get(f"/invitation/{jeton}").status_code == 200
    assert _continue(client, f"/invitation/{jeton}").status_code == 302
    assert app.test_client().get(f"/invitation/{jeton}").status_code == 404  # log copy: dead
    assert _choose(client, "/invitation", NOUVEAU).status_code == 302
    # Revocation: the link stops working at once.
    with _db(app) as db:
        inv = db.exec(select(Invitation).where(Invitation.email == "adjoint@albas.test")).one()
    admin = logged(app, "admin")
    token = csrf_token(admin, "/admin")
    assert (
        admin.post(f"/admin/invitations/{inv.id}/revoquer", data={"csrf_token": token}).status_code
        == 302
    )
    page = app.test_client().get(f"/invitation/{autre}")
    assert page.status_code == 404 and "annulée" in page.get_data(as_text=True)
