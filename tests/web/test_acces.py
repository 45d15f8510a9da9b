"""Access: login throttling stored in the database, cookie settings, invitations, admin."""

import re

from sqlmodel import Session, select

from tests.conftest import PASSWORD, USERS, csrf_token, login, make_app
from tests.web.conftest import logged
from village_avenir.models import Campagne, Invitation, Journal, Utilisateur

PUBLIC = "https://village-avenir.lot.test"  # required outside development (issue 25)


def _try(client, email, password, ip="10.0.0.1"):
    token = csrf_token(client, "/connexion")
    return client.post(
        "/connexion",
        data={"email": email, "mot_de_passe": password, "csrf_token": token},
        environ_base={"REMOTE_ADDR": ip},
    )


def _age_failures(app, seconds):
    """Move every recorded failure ``seconds`` into the past (time passing, without sleep)."""
    from datetime import timedelta

    from village_avenir.db import get_session
    from village_avenir.models import TentativeConnexion

    with app.app_context():
        s = get_session()
        for row in s.exec(select(TentativeConnexion)).all():
            row.quand = row.quand - timedelta(seconds=seconds)
            s.add(row)
        s.commit()


def test_others_failures_never_lock_the_owner_out(users_app):
    """Issue 14 n° 1: five failures from anywhere used to lock any account, admins too."""
    email = USERS["admin"][0]
    for n in range(12):
        _try(users_app.test_client(), email, f"faux-{n}", ip="10.6.6.6")
    resp = _try(users_app.test_client(), email, PASSWORD, ip="10.9.9.9")
    assert resp.status_code == 302
    body = _try(users_app.test_client(), email, PASSWORD, ip="10.6.6.6").get_data(as_text=True)
    assert "administrateur" not in body  # no page lets an administrator « reset access »


def test_attacker_pair_waits_growing_delays_counted_in_the_database(users_app):
    email = USERS["ingenieur"][0]
    for n in range(3):  # CONNEXION_ESSAIS_LIBRES
        assert _try(users_app.test_client(), email, f"faux-{n}").status_code == 200
    slowed = _try(users_app.test_client(), email, PASSWORD)  # a new client: count in the base
    assert slowed.status_code == 429
    assert slowed.headers["Retry-After"] == "5"
    assert "réessayez dans 5 secondes" in slowed.get_data(as_text=True)
    _age_failures(users_app, 6)
    assert _try(users_app.test_client(), email, "faux-3").status_code == 200  # 4th failure
    assert _try(users_app.test_client(), email, PASSWORD).headers["Retry-After"] == "10"
    _age_failures(users_app, 11)
    assert _try(users_app.test_client(), email, PASSWORD).status_code == 302


def test_trusted_device_is_not_slowed_by_failures_from_its_own_address(users_app):
    """Behind nginx without VILLAGE_AVENIR_PROXY every client shares one address: the owner's
    browser, already used to log in, keeps its own counter."""
    email = USERS["admin"][0]
    owner = users_app.test_client()
    assert _try(owner, email, PASSWORD, ip="127.0.0.1").status_code == 302
    owner.post("/deconnexion", data={"csrf_token": csrf_token(owner, "/communes")})
    for n in range(10):
        _try(users_app.test_client(), email, f"faux-{n}", ip="127.0.0.1")
    for n in range(40):
        _try(users_app.test_client(), f"inconnu{n}@x.test", "faux", ip="127.0.0.1")
    assert _try(users_app.test_client(), email, PASSWORD, ip="127.0.0.1").status_code == 429
    assert _try(owner, email, PASSWORD, ip="127.0.0.1").status_code == 302


def test_spraying_from_one_address_is_slowed_briefly_not_locked(users_app):
    users_app.config["CONNEXION_ESSAIS_LIBRES_IP"] = 3
    for n in range(8):
        _try(users_app.test_client(), f"inconnu{n}@x.test", "faux-mot-de-passe", ip="10.1.1.1")
    resp = _try(users_app.test_client(), USERS["admin"][0], PASSWORD, ip="10.1.1.1")
    assert resp.status_code == 429
    assert int(resp.headers["Retry-After"]) <= users_app.config["CONNEXION_DELAI_MAX_IP"]
    _age_failures(users_app, users_app.config["CONNEXION_DELAI_MAX_IP"] + 1)
    assert _try(users_app.test_client(), USERS["admin"][0], PASSWORD, "10.1.1.1").status_code == 302


def test_success_clears_only_its_own_pair(users_app):
    email = USERS["admin"][0]
    for _ in range(2):
        _try(users_app.test_client(), email, "faux-mot-de-passe", ip="10.3.3.3")
        _try(users_app.test_client(), email, "faux-mot-de-passe", ip="10.4.4.4")
    assert _try(users_app.test_client(), email, PASSWORD, ip="10.4.4.4").status_code == 302
    _try(users_app.test_client(), email, "faux-mot-de-passe", ip="10.3.3.3")
    assert _try(users_app.test_client(), email, PASSWORD, ip="10.3.3.3").status_code == 429


def test_a_password_change_forgets_the_failures(users_app):
    from village_avenir.db import get_session
    from village_avenir.services.comptes.utilisateurs import change_password

    email = USERS["admin"][0]
    for _ in range(6):
        _try(users_app.test_client(), email, "faux-mot-de-passe", ip="10.5.5.5")
    with users_app.app_context():
        s = get_session()
        user = s.exec(select(Utilisateur).where(Utilisateur.email == email)).one()
        change_password(s, user.id, "une nouvelle phrase de passe", qui=email)
    ok = _try(users_app.test_client(), email, "une nouvelle phrase de passe", ip="10.5.5.5")
    assert ok.status_code == 302


def test_session_cookie_flags(users_app, tmp_path, monkeypatch):
    resp = login(users_app.test_client(), "admin")
    cookie = next(c for c in resp.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # testing: plain HTTP
    monkeypatch.setenv("VILLAGE_AVENIR_COOKIE_SECURE", "1")
    app = make_app(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    monkeypatch.delenv("VILLAGE_AVENIR_COOKIE_SECURE")
    from village_avenir import create_app

    prod = create_app(
        {"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "k" * 32, "URL_PUBLIQUE": PUBLIC}
    )
    assert prod.config["SESSION_COOKIE_SECURE"] is True
    assert prod.config["REMEMBER_COOKIE_SECURE"] is True


def _invite(admin, email="secretaire@albas.test", commune="46001"):
    token = csrf_token(admin, "/admin")
    resp = admin.post(
        "/admin/invitations",
        data={"csrf_token": token, "email": email, "nom": "Secrétaire", "commune": commune},
    )
    return resp, re.search(r'value="(http://[^"]+/invitation/[^"]+)"', resp.get_data(as_text=True))


def test_invitation_link_is_single_use_and_creates_a_commune_account(users_app):
    admin = logged(users_app, "admin")
    resp, link = _invite(admin)
    assert resp.status_code == 200 and link, resp.get_data(as_text=True)
    path = link.group(1).split("127.0.0.1:5000", 1)[1]
    invitee = users_app.test_client()
    token = csrf_token(invitee, path)
    # « Continuer » spends the link's token; the rest happens on /invitation (issue 14.7).
    resp = invitee.post(path, data={"csrf_token": token})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/invitation")
    resp = invitee.post(
        "/invitation", data={"csrf_token": token, "mot_de_passe": "court", "confirmation": "court"}
    )
    assert "10" in resp.get_data(as_text=True)  # « au moins 10 caractères »
    new_password = "une phrase de passe assez longue"
    resp = invitee.post(
        "/invitation",
        data={"csrf_token": token, "mot_de_passe": new_password, "confirmation": new_password},
    )
    assert resp.status_code == 302
    again = users_app.test_client().get(path)
    assert again.status_code == 404 and "déjà été ouvert" in again.get_data(as_text=True)
    used = invitee.get("/invitation")
    assert used.status_code == 404
    with Session(users_app.extensions["village_avenir.engine"]) as s:
        user = s.exec(select(Utilisateur).where(Utilisateur.email == "secretaire@albas.test")).one()
        assert (user.role, user.commune_code) == ("commune", "46001")
        invitation = s.exec(select(Invitation)).one()
        assert token not in invitation.jeton_hash and invitation.utilisee_le is not None
        assert s.exec(select(Journal).where(Journal.action == "compte:invitation")).one()
    client = users_app.test_client()
    token = csrf_token(client, "/connexion")
    resp = client.post(
        "/connexion",
        data={"email": "secretaire@albas.test", "mot_de_passe": new_password, "csrf_token": token},
    )
    assert resp.status_code == 302


def test_expired_or_unknown_invitation_is_refused(users_app):
    from datetime import timedelta

    admin = logged(users_app, "admin")
    _, link = _invite(admin)
    path = link.group(1).split("127.0.0.1:5000", 1)[1]
    with Session(users_app.extensions["village_avenir.engine"]) as s:
        invitation = s.exec(select(Invitation)).one()
        invitation.expire_le = invitation.expire_le - timedelta(days=8)
        s.add(invitation)
        s.commit()
    resp = users_app.test_client().get(path)
    assert resp.status_code == 404 and "expiré" in resp.get_data(as_text=True)
    resp = users_app.test_client().get("/invitation/nimportequoi")
    assert resp.status_code == 404 and "n&#39;existe pas" in resp.get_data(as_text=True)


def test_invitation_refuses_bad_input_in_french(users_app):
    admin = logged(users_app, "admin")
    resp, _ = _invite(admin, commune="46999")
    assert resp.status_code == 400 and "Commune 46999 inconnue" in resp.get_data(as_text=True)
    resp, _ = _invite(admin, email=USERS["commune"][0])
    assert resp.status_code == 400 and "existe déjà" in resp.get_data(as_text=True)


def test_admin_creates_a_campaign_with_the_rules_version(users_app):
    admin = logged(users_app, "admin")
    token = csrf_token(admin, "/admin")
    base = {"csrf_token": token, "nom": "Appel 2027", "regles_version": "2021-01"}
    resp = admin.post(
        "/admin/campagnes", data={**base, "ouverture": "2027-03-01", "cloture": "2027-01-01"}
    )
    assert resp.status_code == 400 and "précède" in resp.get_data(as_text=True)
    resp = admin.post(
        "/admin/campagnes", data={**base, "ouverture": "2027-01-01", "cloture": "2027-03-31"}
    )
    assert resp.status_code == 302
    resp = admin.post(
        "/admin/campagnes",
        data={**base, "regles_version": "1999", "ouverture": "2027-01-01", "cloture": "2027-03-31"},
    )
    assert resp.status_code == 400
    with Session(users_app.extensions["village_avenir.engine"]) as s:
        campagne = s.exec(select(Campagne)).one()
        assert (campagne.nom, campagne.regles_version) == ("Appel 2027", "2021-01")


def test_admin_deactivates_an_account(users_app):
    admin = logged(users_app, "admin")
    with Session(users_app.extensions["village_avenir.engine"]) as s:
        uid = s.exec(select(Utilisateur).where(Utilisateur.email == USERS["commune"][0])).one().id
    token = csrf_token(admin, "/admin")
    admin.post(f"/admin/utilisateurs/{uid}/actif", data={"csrf_token": token, "actif": "0"})
    assert login(users_app.test_client(), "commune").status_code == 200  # refused
