"""``make serve``'s server for real: gunicorn with gunicorn.conf.py and two gthread workers on
a free port of 127.0.0.1, against a SQLite file with the Lot loaded; /sante and a commune
sheet answer, keep-alive works, and SIGTERM stops it cleanly."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from tests.chargement import load_departement
from tests.conftest import ROOT, make_app
from village_avenir.db import create_schema, get_engine


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def database(tmp_path):
    url = f"sqlite:///{tmp_path / 'gunicorn.sqlite3'}"
    app = make_app(url)
    with app.app_context():
        create_schema(get_engine())
        load_departement("46")
    app.extensions["village_avenir.engine"].dispose()
    return url


def test_gunicorn_serves_the_app_with_two_workers(database, tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VILLAGE_AVENIR", "FLASK"))}
    env |= {
        "DATABASE_URL": database,
        "VILLAGE_AVENIR_SECRET_KEY": "a" * 64,
        "VILLAGE_AVENIR_URL_PUBLIQUE": "https://village-avenir.lot.test",
        "VILLAGE_AVENIR_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "VILLAGE_AVENIR_THREADS": "2",
    }
    log = (tmp_path / "gunicorn.log").open("w+")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        conn = _wait_for(port, server, log)
        conn.request("GET", "/sante")
        health = conn.getresponse()
        assert health.status == 200, health.read()
        assert json.loads(health.read()) == {"statut": "ok", "base": "ok", "communes": 312}
        assert "nonce-" in health.getheader("Content-Security-Policy")
        conn.request("GET", "/communes/46001")  # same connection: keep-alive
        sheet = conn.getresponse()
        body = sheet.read().decode()
        assert sheet.status == 200 and "Albas" in body
        conn.close()
    finally:
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=40)
    log.seek(0)
    output = log.read()
    assert code == 0, output
    assert output.count("Booting worker with pid") == 2, output
    assert "Using worker: gthread" in output
    assert "Shutting down: Master" in output
    assert "Traceback" not in output


def _wait_for(port: int, server: subprocess.Popen, log) -> http.client.HTTPConnection:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            pytest.fail(f"gunicorn s'est arrêté ({server.returncode}) :\n{log.read()}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            conn.connect()
            return conn
        except OSError:
            conn.close()
            time.sleep(0.2)
    pytest.fail("gunicorn n'écoute pas après 60 s")
