"""Session invalidation: a copied session cookie stops working once the account's session
token is renewed (« se déconnecter de tous les appareils », password change, deactivation,
``flask logout-everywhere``), and each renewal is journaled. Since issue 23, « Se
déconnecter » ends this device's session only: the account's other devices stay logged in."""

from __future__ import annotations

import pytest
from sqlmodel import select

from village_avenir.db import get_session
from village_avenir.models import Journal, SessionAppareil, Utilisateur
from village_avenir.services.comptes import utilisateurs as comptes

from ..conftest import PASSWORD, USERS, csrf_token, login

PRIVATE = "/candidatures"


def copy_of(client, app):
    """A second browser holding a copy of ``client``'s session cookie (a stolen cookie)."""
    other = app.test_client()
    cookie = client.get_cookie("session")
    assert cookie is not None
    other.set_cookie("session", cookie.value)
    return other


def user_id(app, who="commune") -> int:
    with app.app_context():
        return (
            get_session()
            .exec(select(Utilisateur).where(Utilisateur.email == USERS[who][0]))
            .one()
            .id
        )


def renewals(app) -> list[Journal]:
    with app.app_context():
        return list(
            get_session()
            .exec(select(Journal).where(Journal.action == "compte:renouvellement_session"))
            .all()
        )


def test_the_cookie_carries_the_account_and_device_tokens(users_app):
    with users_app.app_context():
        user = get_session().get(Utilisateur, user_id(users_app))
        assert user.with_device("d" * 43).get_id() == f"{user.id}:{user.jeton_session}:{'d' * 43}"
        assert len(user.jeton_session) >= 40


def _device_rows(app):
    with app.app_context():
        return list(get_session().exec(select(SessionAppareil)).all())


def test_logout_ends_this_device_only(users_app):
    """Issue 23 n° 1: the mayor leaving the town-hall PC no longer logs his phone out."""
    pc, phone = users_app.test_client(), users_app.test_client()
    login(pc, "commune")
    login(phone, "commune")
    assert len(_device_rows(users_app)) == 2
    resp = pc.post("/deconnexion", data={"csrf_token": csrf_token(pc, PRIVATE)})
    assert resp.status_code == 302
    assert pc.get(PRIVATE).status_code == 302
    assert phone.get(PRIVATE).status_code == 200  # still logged in
    rows = _device_rows(users_app)
    assert sorted(r.fermee_le is None for r in rows) == [False, True]
    assert renewals(users_app) == []  # the account's token did not change
    with users_app.app_context():
        actions = get_session().exec(select(Journal.action)).all()
    assert actions.count("compte:ouverture_session") == 2
    assert actions.count("compte:fermeture_session") == 1
    # the next page tells the browser to forget this account's drafts (static/js/filet.js)
    html = pc.get("/communes").get_data(as_text=True)
    assert f'<meta name="va-fin-compte" content="u{user_id(users_app)}">' in html
    assert "va-fin-compte" not in pc.get("/communes").get_data(as_text=True)  # once


def test_device_tokens_are_stored_hashed(users_app):
    client = users_app.test_client()
    login(client, "commune")
    (row,) = _device_rows(users_app)
    cookie_id = None
    with client.session_transaction() as sess:
        cookie_id = sess["_user_id"]
    device = cookie_id.split(":")[2]
    assert row.jeton_hash != device and len(row.jeton_hash) == 64
    assert device not in row.jeton_hash


def test_logout_everywhere_button_kills_a_copied_cookie(users_app):
    client = users_app.test_client()
    assert login(client, "commune").status_code == 302
    thief = copy_of(client, users_app)
    assert thief.get(PRIVATE).status_code == 200
    html = client.get(PRIVATE).get_data(as_text=True)
    assert "Se déconnecter de tous les appareils" in html
    token = csrf_token(client, PRIVATE)
    resp = client.post("/deconnexion-partout", data={"csrf_token": token})
    assert resp.status_code == 302 and "/connexion" not in resp.headers["Location"]
    assert thief.get(PRIVATE).status_code == 302
    assert client.get(PRIVATE).status_code == 302
    entries = renewals(users_app)
    assert len(entries) == 1 and entries[0].qui == USERS["commune"][0]
    assert entries[0].objet_id == str(user_id(users_app))
    # Logging in again works with the new token.
    assert login(client, "commune").status_code == 302
    assert client.get(PRIVATE).status_code == 200


def test_logout_everywhere_needs_csrf_and_a_login(users_app):
    client = users_app.test_client()
    assert client.post("/deconnexion-partout").status_code in (302, 400)
    login(client, "commune")
    assert client.post("/deconnexion-partout", data={}).status_code == 400
    assert client.get(PRIVATE).status_code == 200
    assert renewals(users_app) == []


def test_plain_logout_kills_a_copied_cookie(users_app):
    """Issue 14 n° 12: a copied cookie used to stay valid for 31 days after « Se déconnecter »."""
    client = users_app.test_client()
    assert login(client, "commune").status_code == 302
    thief = copy_of(client, users_app)
    assert thief.get(PRIVATE).status_code == 200
    resp = client.post("/deconnexion", data={"csrf_token": csrf_token(client, PRIVATE)})
    assert resp.status_code == 302
    assert thief.get(PRIVATE).status_code == 302
    assert renewals(users_app) == []


@pytest.mark.parametrize("how", ["mot_de_passe", "desactivation", "cli", "cli_mot_de_passe"])
def test_renewal_paths_kill_a_copied_cookie(users_app, how):
    client = users_app.test_client()
    login(client, "commune")
    thief = copy_of(client, users_app)
    assert thief.get(PRIVATE).status_code == 200
    uid, email = user_id(users_app), USERS["commune"][0]
    runner = users_app.test_cli_runner()
    with users_app.app_context():
        if how == "mot_de_passe":
            comptes.change_password(get_session(), uid, "un-autre-mot-de-passe", qui=email)
        elif how == "desactivation":
            comptes.set_active(get_session(), uid, False, qui=USERS["admin"][0])
    if how == "cli":
        result = runner.invoke(args=["logout-everywhere", "--email", email])
        assert result.exit_code == 0, result.output
    elif how == "cli_mot_de_passe":
        result = runner.invoke(
            args=["set-password", "--email", email],
            env={"VILLAGE_AVENIR_MOT_DE_PASSE": "un-autre-mot-de-passe"},
        )
        assert result.exit_code == 0, result.output
    assert thief.get(PRIVATE).status_code == 302
    assert client.get(PRIVATE).status_code == 302
    assert len(renewals(users_app)) == 1
    if how in ("mot_de_passe", "cli_mot_de_passe"):
        again = users_app.test_client()
        token = csrf_token(again, "/connexion")
        again.post(
            "/connexion", data={"email": email, "mot_de_passe": PASSWORD, "csrf_token": token}
        )
        assert again.get(PRIVATE).status_code == 302  # the old password no longer works
        assert login(users_app.test_client(), "ingenieur").status_code == 302


def test_other_accounts_keep_their_sessions(users_app):
    mayor, engineer = users_app.test_client(), users_app.test_client()
    login(mayor, "commune")
    login(engineer, "ingenieur")
    with users_app.app_context():
        comptes.renew_session_token(get_session(), user_id(users_app), qui="tests")
    assert mayor.get(PRIVATE).status_code == 302
    assert engineer.get(PRIVATE).status_code == 200


def test_a_short_password_is_refused_and_nothing_changes(users_app):
    uid = user_id(users_app)
    with users_app.app_context():
        before = get_session().get(Utilisateur, uid).jeton_session
        with pytest.raises(comptes.CompteInvalide, match="au moins"):
            comptes.change_password(get_session(), uid, "court", qui="tests")
        get_session().expire_all()
        assert get_session().get(Utilisateur, uid).jeton_session == before
    assert renewals(users_app) == []


@pytest.mark.parametrize(
    "cookie_id", ["1", "1:", "abc:def", "1:" + "x" * 43, "1:" + "x" * 43 + ":" + "y" * 43]
)
def test_malformed_or_stale_user_ids_are_anonymous(users_app, cookie_id):
    from village_avenir.web.auth import _load_user

    with users_app.test_request_context():
        assert _load_user(cookie_id) is None
