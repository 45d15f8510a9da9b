"""Accounts: create-user, login with CSRF, hashed passwords, safe redirects, roles."""

import pytest
from sqlmodel import Session, select

from tests.conftest import PASSWORD, USERS, csrf_token, login
from village_avenir.models import Journal, Utilisateur
from village_avenir.web.auth import can_access_commune


def test_create_user_command_hashes_the_password(loaded_fresh_app):
    runner = loaded_fresh_app.test_cli_runner()
    result = runner.invoke(
        args=["create-user", "--email", "Chef@Lot.test", "--nom", "Chef", "--role", "admin"],
        env={"VILLAGE_AVENIR_MOT_DE_PASSE": "un-long-mot-de-passe"},
    )
    assert result.exit_code == 0, result.output
    with Session(loaded_fresh_app.extensions["village_avenir.engine"]) as s:
        user = s.exec(select(Utilisateur).where(Utilisateur.email == "chef@lot.test")).one()
        assert user.role == "admin" and "un-long-mot-de-passe" not in user.mot_de_passe_hash
        entry = s.exec(select(Journal).where(Journal.action == "compte:creation")).one()
        assert "un-long-mot-de-passe" not in (entry.apres or "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "commune"], "rattaché à une commune"),
        (["--role", "commune", "--commune", "46999"], "inconnue"),
        (["--role", "pirate"], "pirate"),
    ],
)
def test_create_user_refuses_bad_input_in_french(loaded_fresh_app, args, message):
    runner = loaded_fresh_app.test_cli_runner()
    result = runner.invoke(
        args=["create-user", "--email", "x@lot.test", "--nom", "X", *args],
        env={"VILLAGE_AVENIR_MOT_DE_PASSE": "un-long-mot-de-passe"},
    )
    assert result.exit_code != 0 and message in result.output


def test_short_password_refused(loaded_fresh_app):
    result = loaded_fresh_app.test_cli_runner().invoke(
        args=["create-user", "--email", "x@lot.test", "--nom", "X"],
        env={"VILLAGE_AVENIR_MOT_DE_PASSE": "court"},
    )
    assert result.exit_code != 0 and "au moins" in result.output


def test_login_then_logout(users_app):
    client = users_app.test_client()
    resp = login(client, "ingenieur")
    assert resp.status_code == 302
    page = client.get("/communes").get_data(as_text=True)
    assert "Se déconnecter" in page
    token = csrf_token(client, "/communes")
    client.post("/deconnexion", data={"csrf_token": token})
    assert "Se connecter" in client.get("/communes").get_data(as_text=True)


def test_wrong_password_is_refused_in_french(users_app):
    client = users_app.test_client()
    token = csrf_token(client, "/connexion")
    resp = client.post(
        "/connexion",
        data={"email": USERS["admin"][0], "mot_de_passe": "faux-mot-de-passe", "csrf_token": token},
    )
    assert resp.status_code == 200 and "incorrect" in resp.get_data(as_text=True)
    assert "Se connecter" in client.get("/communes").get_data(as_text=True)


def test_login_without_csrf_token_is_refused(users_app):
    client = users_app.test_client()
    resp = client.post("/connexion", data={"email": USERS["admin"][0], "mot_de_passe": PASSWORD})
    assert resp.status_code == 400 and "jeton CSRF" in resp.get_data(as_text=True)


def test_logout_without_csrf_token_is_refused(users_app):
    client = users_app.test_client()
    login(client, "admin")
    assert client.post("/deconnexion").status_code == 400
    assert "Se déconnecter" in client.get("/communes").get_data(as_text=True)


@pytest.mark.parametrize(
    "target",
    [
        "https://pirate.example/",
        "//pirate.example/x",
        "/\\pirate.example/x",  # browsers read « /\ » as « // »: another host
        "/%5Cpirate.example/x",
        "/communes/46001",
    ],
)
def test_login_redirects_only_inside_the_site(users_app, target):
    client = users_app.test_client()
    token = csrf_token(client, "/connexion")
    resp = client.post(
        f"/connexion?suivant={target}",
        data={"email": USERS["admin"][0], "mot_de_passe": PASSWORD, "csrf_token": token},
    )
    location = resp.headers["Location"]
    assert "pirate" not in location
    if target.startswith("/communes"):
        assert location.endswith(target)


class _U:
    is_authenticated = True

    def __init__(self, role, commune=None):
        self.role, self.commune_code = role, commune


@pytest.mark.parametrize(
    ("user", "code", "allowed"),
    [
        (_U("commune", "46001"), "46001", True),
        (_U("commune", "46001"), "46003", False),
        (_U("ingenieur"), "46003", True),
        (_U("admin"), "46003", True),
        (type("Anon", (), {"is_authenticated": False})(), "46001", False),
    ],
)
def test_can_access_commune(user, code, allowed):
    assert can_access_commune(user, code) is allowed
