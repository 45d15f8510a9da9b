"""Offices behind one address (issue 25, L3): failures are throttled per (account, address),
and per address only above a much higher ceiling; a known device is never slowed by the
failures of others. The probe's finding: failures from one address on 30 accounts slowed
every new-device login from that address (a Département office, a town hall)."""

from __future__ import annotations

import re

from sqlmodel import select

from tests.conftest import PASSWORD, USERS, csrf_token
from village_avenir.db import get_session
from village_avenir.services.comptes import connexions

OFFICE = "10.46.0.1"


def _try(client, email, password, ip=OFFICE):
    token = csrf_token(client, "/connexion")
    return client.post(
        "/connexion",
        data={"email": email, "mot_de_passe": password, "csrf_token": token},
        environ_base={"REMOTE_ADDR": ip},
    )


def _fail(app, n: int, accounts: int = 60):
    """``n`` failures from the office's address, spread over ``accounts`` accounts."""
    with app.app_context():
        s = get_session()
        for i in range(n):
            connexions.record_failure(s, f"agent{i % accounts}@lot.test", OFFICE)


def test_the_figures_are_a_ceiling_a_hundred_times_the_pairs(users_app):
    cfg = users_app.config
    assert (cfg["CONNEXION_ESSAIS_LIBRES"], cfg["CONNEXION_ESSAIS_LIBRES_IP"]) == (3, 300)
    assert (cfg["CONNEXION_DELAI_MAX"], cfg["CONNEXION_DELAI_MAX_IP"]) == (900, 60)


def test_colleagues_mistakes_on_many_accounts_do_not_slow_a_new_device(users_app):
    _fail(users_app, 120)  # two failures on each of 60 accounts: a busy office's day
    fresh = _try(users_app.test_client(), USERS["admin"][0], PASSWORD)
    assert fresh.status_code == 302


def test_spraying_past_the_ceiling_is_slowed_but_a_known_device_is_not(users_app):
    email = USERS["ingenieur"][0]
    owner = users_app.test_client()
    assert _try(owner, email, PASSWORD).status_code == 302  # its trusted-device cookie
    page = owner.get("/compte", environ_base={"REMOTE_ADDR": OFFICE}).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    out = owner.post(
        "/deconnexion", data={"csrf_token": token}, environ_base={"REMOTE_ADDR": OFFICE}
    )
    assert out.status_code == 302
    _fail(users_app, 300)
    slowed = _try(users_app.test_client(), email, PASSWORD)
    assert slowed.status_code == 429
    assert int(slowed.headers["Retry-After"]) <= users_app.config["CONNEXION_DELAI_MAX_IP"]
    # The pair's own counter is untouched: another account, another address, logs in.
    assert _try(users_app.test_client(), email, PASSWORD, ip="10.46.0.2").status_code == 302
    # The owner's browser is never slowed by the others' failures.
    assert _try(owner, email, PASSWORD).status_code == 302


def test_the_pair_is_still_slowed_after_three_failures(users_app):
    email = USERS["commune"][0]
    for n in range(3):
        assert _try(users_app.test_client(), email, f"faux-{n}").status_code == 200
    assert _try(users_app.test_client(), email, PASSWORD).status_code == 429
    # A colleague at the same address, on another account, is not.
    assert _try(users_app.test_client(), USERS["admin"][0], PASSWORD).status_code == 302
    with users_app.app_context():
        rows = get_session().exec(select(connexions.TentativeConnexion)).all()
    assert len(rows) == 3
