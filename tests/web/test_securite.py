"""Security headers and settings (issue 6, part 4): the Content-Security-Policy and its
nonces on every HTML page, cookie flags in a production-like configuration, the secret key
required outside development, ProxyFix behind one reverse proxy."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
import shapely
from flask_login import login_user
from sqlmodel import Session, select

from tests.conftest import PASSWORD, ROOT, USERS, csrf_token, login
from tests.web.test_permissions import MATRIX, setup  # noqa: F401  (fixture)
from village_avenir import config, create_app
from village_avenir.models import Commune, Utilisateur
from village_avenir.web.http import TuilesUrlInvalide, content_security_policy, tile_origin

STRONG_KEY = "0123456789abcdef" * 4
DIRECTIVES = [
    "default-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
]


class Scripts(HTMLParser):
    """Inline scripts' nonces, inline styles and <style> elements of a page."""

    def __init__(self):
        super().__init__()
        self.inline_nonces: list[str | None] = []
        self.inline_styles: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and not a.get("src"):
            self.inline_nonces.append(a.get("nonce"))
        if tag == "style" or "style" in a:
            self.inline_styles.append(self.get_starttag_text())


def policy_nonce(response) -> str:
    policy = response.headers["Content-Security-Policy"]
    for directive in DIRECTIVES:
        assert directive in policy.split("; "), (directive, policy)
    match = re.search(r"script-src 'self' 'nonce-([A-Za-z0-9_-]{16,})'(;|$)", policy)
    assert match, policy
    assert "unsafe-inline" not in policy and "http" not in policy
    return match.group(1)


def _plan_with_a_placed_action(app, code="46001") -> int:
    """A plan for ``code`` with one action placed: its pages carry the map's inline script."""
    from village_avenir.db import get_session
    from village_avenir.domain.planning import Need
    from village_avenir.parametres import load_catalogue_actions
    from village_avenir.services import plans as sp

    with app.test_request_context():
        session = get_session()
        needs = [Need("logement", "logements_vacants", 50, "visite")]
        version = sp.propose(session, code, needs, load_catalogue_actions(), qui="tests")
        cle = sp.actions_of(session, version)[0].cle
        centre = shapely.from_wkb(session.get(Commune, code).geometry).representative_point()
        sp.place_action(session, code, cle, centre, qui="tests")
    return cle


def test_every_html_page_has_the_policy_and_every_inline_script_its_nonce(setup):  # noqa: F811
    app, ids = setup
    cle = _plan_with_a_placed_action(app)
    client = app.test_client()
    assert login(client, "ingenieur").status_code == 302
    paths = [p.format(**ids) for m, _, p, _ in MATRIX if m == "GET"]
    paths += ["/communes/46001/plan/actions/" + str(cle), "/carte/tableau?couleur=population"]
    with_scripts, problems = set(), []
    for path in paths:
        response = client.get(path)
        assert "Content-Security-Policy" in response.headers, path
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"
        if response.mimetype != "text/html":
            continue
        nonce = policy_nonce(response)
        page = Scripts()
        page.feed(response.get_data(as_text=True))
        if page.inline_nonces:
            with_scripts.add(path.split("?")[0])
        problems += [f"{path} : script sans le nonce" for n in page.inline_nonces if n != nonce]
        problems += [f"{path} : style en ligne {s}" for s in page.inline_styles]
    assert not problems, "\n".join(problems)
    # The walk did reach the pages with inline map scripts.
    assert {
        "/carte",
        "/communes/46001/plan",
        "/communes/46001/plan/impression",
        f"/communes/46001/plan/actions/{cle}",
    } <= with_scripts


def test_nonces_differ_between_requests(client):
    first, second = client.get("/carte"), client.get("/carte")
    assert policy_nonce(first) != policy_nonce(second)
    assert f'<script nonce="{policy_nonce(second)}">' in second.get_data(as_text=True)
    # Non-HTML answers carry the policy too.
    assert (
        "default-src 'self'" in client.get("/api/communes/46001").headers["Content-Security-Policy"]
    )


def test_the_checker_sees_a_script_without_nonce_and_an_inline_style():
    page = Scripts()
    page.feed(
        '<script nonce="a">1</script><script>2</script><script src="/x.js"></script>'
        '<p style="color: red">x</p><style>p {}</style>'
    )
    assert page.inline_nonces == ["a", None]
    assert len(page.inline_styles) == 2


def test_tile_server_origin_is_allowed_for_images_only(tmp_path):
    assert tile_origin("https://{s}.tuiles.lot.fr/{z}/{x}/{y}.png") == "https://*.tuiles.lot.fr"
    assert tile_origin("http://carto.lot.fr:8080/wmts/{z}/{x}/{y}") == "http://carto.lot.fr:8080"
    policy = content_security_policy("n0nce", "https://tuiles.lot.fr/{z}/{x}/{y}.png")
    assert "img-src 'self' data: https://tuiles.lot.fr;" in policy
    assert policy.count("tuiles.lot.fr") == 1
    for bad in ("tuiles/{z}/{x}/{y}.png", "https://{z}.x.fr/a", "javascript:alert(1)"):
        with pytest.raises(TuilesUrlInvalide, match="VILLAGE_AVENIR_TUILES_URL"):
            tile_origin(bad)
    app = _app(
        tmp_path,
        TESTING=True,
        CARTE_PLAN_FOND=False,
        CARTE_TUILES_URL="https://tuiles.lot.fr/{z}/{x}/{y}.png",
    )
    header = app.test_client().get("/communes").headers["Content-Security-Policy"]
    assert "img-src 'self' data: https://tuiles.lot.fr;" in header
    with pytest.raises(TuilesUrlInvalide):
        _app(tmp_path, TESTING=True, CARTE_TUILES_URL="ftp://x/{z}")


# --- secret key ---------------------------------------------------------------------------


def _app(tmp_path, **cfg):
    base = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'cle.sqlite3'}",
        "URL_PUBLIQUE": "https://village-avenir.lot.test",  # required in production (issue 25)
    }
    return create_app({**base, **cfg})


@pytest.fixture
def no_env(monkeypatch):
    for name in ("VILLAGE_AVENIR_SECRET_KEY", "VILLAGE_AVENIR_ENV", "FLASK_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_secret_key_is_required_outside_development(tmp_path, no_env):
    with pytest.raises(config.ConfigurationInvalide) as missing:
        _app(tmp_path)
    message = missing.value.format_message()
    assert "VILLAGE_AVENIR_SECRET_KEY n'est pas définie" in message
    assert "secrets.token_hex(32)" in message
    with pytest.raises(config.ConfigurationInvalide, match="trop courte \\(31 caractères"):
        _app(tmp_path, SECRET_KEY="x" * 31)
    no_env.setenv("VILLAGE_AVENIR_SECRET_KEY", "faible")
    with pytest.raises(config.ConfigurationInvalide, match="trop courte"):
        _app(tmp_path)
    no_env.setenv("VILLAGE_AVENIR_SECRET_KEY", STRONG_KEY)
    assert _app(tmp_path).secret_key == STRONG_KEY


def test_development_debug_and_testing_run_without_a_key(tmp_path, no_env):
    assert len(_app(tmp_path, TESTING=True).secret_key) == 64
    no_env.setenv("VILLAGE_AVENIR_ENV", "developpement")  # what `make run` sets
    dev = _app(tmp_path)
    assert len(dev.secret_key) == 64 and dev.secret_key != _app(tmp_path).secret_key
    assert dev.config["SESSION_COOKIE_SECURE"] is False  # plain HTTP on localhost
    no_env.delenv("VILLAGE_AVENIR_ENV")
    no_env.setenv("FLASK_DEBUG", "1")
    assert len(_app(tmp_path).secret_key) == 64


@pytest.mark.slow
def test_flask_cli_refuses_to_start_without_a_key_with_a_clear_message(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VILLAGE_AVENIR", "FLASK"))}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    flask = [sys.executable, "-m", "flask", "--app", "village_avenir", "init-db"]
    done = subprocess.run(flask, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "Error: VILLAGE_AVENIR_SECRET_KEY n'est pas définie" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert not (tmp_path / "cli.sqlite3").exists()


# --- cookies and proxy --------------------------------------------------------------------


def test_cookies_are_secure_httponly_and_lax_in_production(users_app, no_env):
    prod = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": users_app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": STRONG_KEY,
            "PIECES_DIR": users_app.config["PIECES_DIR"],
            "URL_PUBLIQUE": "https://village-avenir.lot.test",
        }
    )

    @prod.get("/_essai_souvenir")
    def remember():  # Flask-Login's remember cookie, set the way login_user sets it
        with Session(prod.extensions["village_avenir.engine"]) as s:
            user = s.exec(select(Utilisateur).where(Utilisateur.email == USERS["admin"][0])).one()
            login_user(user, remember=True)
        return "ok"

    client = prod.test_client()
    # Over HTTPS, Flask-WTF also checks that the Referer is the same site.
    https = {"base_url": "https://localhost", "headers": {"Referer": "https://localhost/connexion"}}
    token = csrf_token_https(client)
    resp = client.post(
        "/connexion",
        data={"email": USERS["admin"][0], "mot_de_passe": PASSWORD, "csrf_token": token},
        **https,
    )
    assert resp.status_code == 302
    cookies = resp.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("session="))
    for flag in ("Secure", "HttpOnly", "SameSite=Lax"):
        assert flag in session_cookie.split("; "), session_cookie
    remember_cookie = next(
        c
        for c in client.get("/_essai_souvenir", **https).headers.getlist("Set-Cookie")
        if c.startswith("remember_token=")
    )
    for flag in ("Secure", "HttpOnly", "SameSite=Lax"):
        assert flag in remember_cookie.split("; "), remember_cookie


def csrf_token_https(client) -> str:
    html = client.get("/connexion", base_url="https://localhost").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def _login_from(client, ip: str, password: str, forwarded: str):
    return client.post(
        "/connexion",
        data={
            "email": USERS["admin"][0],
            "mot_de_passe": password,
            "csrf_token": csrf_token(client, "/connexion"),
        },
        environ_base={"REMOTE_ADDR": ip},
        headers={
            "X-Forwarded-For": forwarded,
            "X-Forwarded-Proto": "https",
            "Referer": "https://localhost/connexion",  # Flask-WTF's check over HTTPS
        },
    )


@pytest.mark.parametrize("proxy", [True, False])
def test_proxy_fix_gives_the_client_address_and_scheme(users_app, proxy):
    """Behind nginx (REMOTE_ADDR 127.0.0.1), login throttling must count per client address;
    without VILLAGE_AVENIR_PROXY, a forged X-Forwarded-For changes nothing."""
    app = create_app({**users_app.config, "PROXY": proxy})

    @app.get("/_essai_client")
    def client_seen():
        from flask import request

        return f"{request.remote_addr} {request.scheme}"

    app.config["CONNEXION_ESSAIS_LIBRES"] = 3
    for _ in range(3):
        _login_from(app.test_client(), "127.0.0.1", "faux-mot-de-passe", "203.0.113.9")
    blocked = _login_from(app.test_client(), "127.0.0.1", PASSWORD, "203.0.113.9")
    other = _login_from(app.test_client(), "127.0.0.1", PASSWORD, "198.51.100.7")
    seen = app.test_client().get(
        "/_essai_client",
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
        headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"},
    )
    assert blocked.status_code == 429
    if proxy:
        assert seen.get_data(as_text=True) == "203.0.113.9 https"
        assert other.status_code == 302  # another client behind the same proxy
    else:
        assert seen.get_data(as_text=True) == "127.0.0.1 http"
        assert other.status_code == 429  # the header is not trusted
