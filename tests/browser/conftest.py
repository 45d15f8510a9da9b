"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium) against a live
server on 127.0.0.1. Skipped with a clear message when Chromium or Playwright is absent,
failed instead under VILLAGE_AVENIR_REQUIRE_ALL=1.

Screenshots go to ``$VILLAGE_AVENIR_ARTEFACTS`` (default ``test-artifacts/``, not committed).
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.chargement import load_departement, load_indicateurs
from tests.conftest import ROOT, make_app, require
from village_avenir.db import create_schema, get_engine

CHROMIUM = (
    os.environ.get("VILLAGE_AVENIR_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
)
# Flags for a closed network: no background requests to Google's hosts (see README).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def artefacts() -> Path:
    path = Path(os.environ.get("VILLAGE_AVENIR_ARTEFACTS", ROOT / "test-artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def browser():
    require(Path(CHROMIUM).exists(), f"Chromium absent ({CHROMIUM}) : apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright absent : pip install playwright")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """A served app on a SQLite file with the Lot loaded, as ``flask init-db`` leaves it (the
    shipped indicator values and a first diagnosis snapshot); returns (app, base_url)."""
    db = tmp_path_factory.mktemp("live") / "live.sqlite3"
    app = make_app(f"sqlite:///{db}")
    with app.app_context():
        create_schema(get_engine())
        load_departement("46")
        load_indicateurs("46")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def page(browser, live_app):
    """A fresh browser page; records every request URL in ``page.requested``."""
    context = browser.new_context(locale="fr-FR")
    pg = context.new_page()
    pg.requested = []
    pg.on("request", lambda req: pg.requested.append(req.url))
    yield pg
    context.close()
