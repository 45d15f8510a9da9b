"""E-mail links from the configured address only (issue 25, point 1): the reproduction of
the outside probe's high finding (a reset asked with a forged ``Host`` or
``X-Forwarded-Host`` queued a genuine e-mail linking to the attacker's site), the start-up
refusal without ``VILLAGE_AVENIR_URL_PUBLIQUE`` outside development, and the check that every
page a message may point to exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from sqlmodel import Session, select

from tests.conftest import USERS
from village_avenir import config, create_app, liens
from village_avenir.models import Courriel

PUBLIC = "https://village-avenir.lot.test"
STRONG_KEY = "0123456789abcdef" * 4
EVIL = ("evil.example", "pirate.example")
SERVICES = Path(__file__).resolve().parents[2] / "village_avenir" / "services"


@pytest.fixture
def no_env(monkeypatch):
    for name in ("VILLAGE_AVENIR_ENV", "VILLAGE_AVENIR_URL_PUBLIQUE", "FLASK_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def _production(users_app, **cfg):
    """A production configuration on the test database: no TESTING, a real key."""
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": users_app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": STRONG_KEY,
            "PIECES_DIR": users_app.config["PIECES_DIR"],
            "URL_PUBLIQUE": PUBLIC,
            **cfg,
        }
    )


def _mails(app, genre: str) -> list[Courriel]:
    with Session(app.extensions["village_avenir.engine"]) as s:
        return list(s.exec(select(Courriel).where(Courriel.genre == genre)).all())


def _forged_post(client, path: str, data: dict, *, proxy: bool):
    """POST ``data`` to ``path`` as an attacker: forged Host, and X-Forwarded-Host too
    (with the proxy headers nginx would add, REMOTE_ADDR being nginx)."""
    host = EVIL[0]
    headers = {"Host": host, "Referer": f"https://{host}{path}"}
    if proxy:
        headers |= {
            "X-Forwarded-Host": EVIL[1],
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "203.0.113.9",
        }
    where = {
        "headers": headers,
        "base_url": f"https://{host}",
        "environ_base": {"REMOTE_ADDR": "127.0.0.1"},
    }
    page = client.get(path, **where).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return client.post(path, data={"csrf_token": token, **data}, **where)


def _assert_only(base: str, mails: list[Courriel]):
    assert mails
    for mail in mails:
        found = re.findall(r"https?://[^\s\"<]+", mail.texte + mail.html)
        assert found and all(url.startswith(base + "/") for url in found), found
        assert not any(evil in mail.texte + mail.html for evil in EVIL)


@pytest.mark.parametrize("proxy", [False, True])
@pytest.mark.parametrize("mode", ["developpement", "production"])
def test_a_reset_asked_with_a_forged_host_links_to_the_configured_address(
    users_app, no_env, mode, proxy
):
    """The probe's reproduction: before issue 25 the link was https://evil.example/…"""
    if mode == "production":
        app, base = _production(users_app, PROXY=proxy), PUBLIC
    else:
        app = create_app({**users_app.config, "PROXY": proxy, "URL_PUBLIQUE": None})
        base = config.URL_PUBLIQUE_DEVELOPPEMENT
    resp = _forged_post(
        app.test_client(), "/mot-de-passe-oublie", {"email": USERS["admin"][0]}, proxy=proxy
    )
    assert resp.status_code in (200, 302), resp.get_data(as_text=True)
    mails = _mails(app, "mot_de_passe")
    _assert_only(base, mails)
    assert any("/mot-de-passe/" in m.texte for m in mails)


def test_the_slowed_logins_warning_links_to_the_configured_address(users_app, no_env):
    """The « connexions ralenties » e-mail, triggered by an attacker's failed logins."""
    app = _production(users_app, PROXY=True)
    email = USERS["commune"][0]
    for _ in range(app.config["CONNEXION_ESSAIS_LIBRES"]):
        _forged_post(
            app.test_client(), "/connexion", {"email": email, "mot_de_passe": "mauvais"}, proxy=True
        )
    _assert_only(PUBLIC, _mails(app, "compte_verrouille"))


def test_production_refuses_to_start_without_the_public_address(tmp_path, no_env):
    cfg = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        "SECRET_KEY": STRONG_KEY,
    }
    with pytest.raises(config.ConfigurationInvalide) as missing:
        create_app(cfg)
    message = missing.value.format_message()
    assert "VILLAGE_AVENIR_URL_PUBLIQUE n'est pas définie" in message
    assert "https://village-avenir.lot.fr" in message
    for bad in ("village-avenir.lot.fr", "ftp://x.fr", "https://x.fr/?a=1", "https://u@x.fr"):
        with pytest.raises(config.ConfigurationInvalide, match="doit commencer par https://"):
            create_app({**cfg, "URL_PUBLIQUE": bad})
    no_env.setenv("VILLAGE_AVENIR_URL_PUBLIQUE", "https://village-avenir.lot.fr/")
    app = create_app(cfg)
    assert app.extensions["liens"].oubli() == "https://village-avenir.lot.fr/mot-de-passe-oublie"
    # A path prefix is kept (an app served under /village-avenir).
    sub = create_app({**cfg, "URL_PUBLIQUE": "https://lot.fr/village-avenir"})
    assert sub.extensions["liens"].candidature(7) == "https://lot.fr/village-avenir/candidatures/7"


def test_development_defaults_to_the_served_address(tmp_path, no_env):
    no_env.setenv("VILLAGE_AVENIR_ENV", "developpement")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    assert app.extensions["liens"].base == "http://127.0.0.1:5000"


def test_proxy_fix_no_longer_trusts_the_forwarded_host(users_app):
    app = create_app({**users_app.config, "PROXY": True})

    @app.get("/_essai_hote")
    def host_seen():
        from flask import request

        return request.host

    seen = app.test_client().get(
        "/_essai_hote",
        headers={
            "Host": "village-avenir.lot.test",
            "X-Forwarded-Host": "evil.example",
            "X-Forwarded-Port": "4444",
        },
    )
    assert seen.get_data(as_text=True) == "village-avenir.lot.test"


def test_every_page_a_message_names_exists(users_app):
    """A renamed or removed view breaks this test (and the app's start), not a recipient."""
    assert liens.missing_pages(users_app) == []
    builder = users_app.extensions["liens"]
    for name in liens.PAGES:
        method = getattr(builder, name)
        args = {"jeton": "abc"} if "jeton" in method.__code__.co_varnames else {}
        args |= {"cid": 1} if "cid" in method.__code__.co_varnames else {}
        args |= {"code": "46001"} if "code" in method.__code__.co_varnames else {}
        assert method(**args).startswith(builder.base + "/")
    with pytest.raises(liens.LienInconnu):
        builder.page("auth.page_qui_n_existe_pas")
    # A service naming an endpoint through courriels.lien("…") must name a real one.
    named = _endpoints_named_by_services()
    assert all(e in users_app.view_functions for e in named), named


def test_the_app_refuses_to_start_when_a_message_page_is_missing(users_app, monkeypatch):
    monkeypatch.setitem(liens.PAGES, "oubli", "auth.oubli_renomme")
    with pytest.raises(liens.LienInconnu, match="auth.oubli_renomme"):
        create_app(dict(users_app.config))


def test_services_never_build_links_from_the_request():
    """No ``url_for`` (which reads the request's host) anywhere in services/."""
    for path in SERVICES.rglob("*.py"):
        assert "url_for" not in path.read_text(encoding="utf-8"), path


def _endpoints_named_by_services() -> set[str]:
    found = set()
    for path in SERVICES.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) in {"lien", "page"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    return found


@pytest.mark.slow
def test_flask_cli_in_production_refuses_to_start_without_the_address(tmp_path):
    """What `make serve` runs first (flask init-db): one French line, no traceback, no base."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VILLAGE_AVENIR", "FLASK"))}
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "VILLAGE_AVENIR_SECRET_KEY": STRONG_KEY,
    }
    flask = [sys.executable, "-m", "flask", "--app", "village_avenir", "init-db"]
    done = subprocess.run(flask, env=env, cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "Error: VILLAGE_AVENIR_URL_PUBLIQUE n'est pas définie" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert not (tmp_path / "cli.sqlite3").exists()


@pytest.mark.parametrize("mode", ["developpement", "production"])
def test_every_message_about_an_application_links_to_the_configured_address(cand_app, no_env, mode):
    """Deposit, complement asked and received (to the engineers), decision: each built
    during a request with a forged Host and X-Forwarded-Host, behind the proxy."""
    from village_avenir.db import get_session
    from village_avenir.models import Campagne, Candidature, utcnow
    from village_avenir.services.courriels import messages as courriels

    users_app, ids = cand_app
    if mode == "production":
        app, base = _production(users_app, PROXY=True), PUBLIC
    else:
        app = create_app({**users_app.config, "PROXY": True, "URL_PUBLIQUE": None})
        base = config.URL_PUBLIQUE_DEVELOPPEMENT
    forged = {"Host": EVIL[0], "X-Forwarded-Host": EVIL[1], "X-Forwarded-Proto": "https"}
    with app.test_request_context("/", headers=forged):
        session = get_session()
        cand = session.get(Candidature, ids["commune"])
        campagne = session.get(Campagne, cand.campagne_id)
        cand.deposee_le = utcnow()  # as on deposit (rolled back below)
        mails = [
            *courriels.depot(session, cand, campagne, "Albas", {}),
            *courriels.complement_demande(session, cand, "Albas", "Précisez le coût."),
            *courriels.complement_recu(session, cand, "Albas", "Le coût est de 20 000 €."),
            *courriels.decision(session, cand, "Albas", "retenue"),
        ]
        session.flush()
        assert {m.genre for m in mails} >= {"depot", "complement_recu", "decision"}
        _assert_only(base, mails)
        session.rollback()
