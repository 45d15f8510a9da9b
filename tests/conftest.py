"""Shared fixtures: an app per database backend (SQLite always, PostgreSQL when reachable).

Tests that need PostgreSQL or Chromium skip with a clear message when they are absent,
except when ``VILLAGE_AVENIR_REQUIRE_ALL=1`` (set by ``.ci/run``): then they fail, so CI can
never skip them silently. PostgreSQL is reached through ``VILLAGE_AVENIR_TEST_PG_URL``
(default ``postgresql+psycopg://village:village@127.0.0.1:5432/village_avenir_test``).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests import budget
from tests.chargement import load_departement
from village_avenir import create_app
from village_avenir.db import create_schema, drop_schema, get_engine

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VILLAGE_AVENIR_SHARED", ROOT.parent / "shared"))
REQUIRE_ALL = os.environ.get("VILLAGE_AVENIR_REQUIRE_ALL") == "1"
PG_URL = os.environ.get(
    "VILLAGE_AVENIR_TEST_PG_URL",
    "postgresql+psycopg://village:village@127.0.0.1:5432/village_avenir_test",
)


def require(condition: bool, reason: str) -> None:
    """Skip (or fail under VILLAGE_AVENIR_REQUIRE_ALL=1) when ``condition`` is false."""
    if condition:
        return
    if REQUIRE_ALL:
        pytest.fail(f"{reason} — obligatoire ici (VILLAGE_AVENIR_REQUIRE_ALL=1).")
    pytest.skip(reason)


@cache
def pg_error() -> str | None:
    try:
        engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
    except Exception as exc:  # any driver or network error means "not available"
        return str(exc).splitlines()[0]
    return None


def shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    require(path.exists(), f"fichier de référence absent : {path}")
    return path


# Modules whose every test is slow (fuzz, crash, real server, subprocess, whole-site crawl):
# ``make test-fast`` leaves them out, ``make test`` (and CI) runs them. Single slow tests
# elsewhere carry ``@pytest.mark.slow`` themselves; browser tests are all slow.
SLOW_MODULES = {
    "tests/web/test_fuzz_forms.py",
    "tests/web/test_fuzz_pages.py",
    "tests/web/test_openapi.py",
    "tests/web/test_serveur.py",
    "tests/web/test_no_external_assets.py",
    "tests/services/test_crash.py",
    "tests/services/test_sauvegarde.py",
    "tests/test_migrations.py",
    "tests/test_lint_securite.py",
}


# Single tests that are slow by nature, with the reason: kept in one table rather than as
# decorators so that the fast loop's budget (tests/budget.py) is managed in one place.
# tests/test_budget.py fails on an entry that names no test (a renamed test must not slip
# back into the fast loop unnoticed). A test may also carry ``@pytest.mark.slow`` itself.
SLOW_TESTS = {
    "tests/web/test_imports_cli.py::test_init_db_loads_the_lot_once": "the whole Lot imported twice",
    "tests/data/test_indicateurs_shipped.py::test_init_db_loads_the_file_and_takes_a_first_snapshot": "the whole Lot and its indicators imported",
    "tests/data/test_analyse_diagnostic.py::test_small_mode_prints_every_figure": "the analysis script over the Lot",
    "tests/web/test_pages.py::test_sheet_and_json_agree_for_every_commune": "312 sheets and 312 JSON answers",
    "tests/web/test_securite.py::test_every_html_page_has_the_policy_and_every_inline_script_its_nonce": "a crawl of every page",
    "tests/web/test_durcissement.py::test_private_answers_are_never_stored_by_a_cache": "a crawl of every page per role",
    "tests/web/test_commission.py::test_pdf_of_the_frozen_pack": "a PDF built by WeasyPrint",
    "tests/web/test_commission.py::test_the_pdf_of_a_frozen_pack_is_built_once": "a PDF built by WeasyPrint",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = item.nodeid.split("::", 1)[0]
        slow = module in SLOW_MODULES or module.startswith("tests/browser/")
        if slow or item.nodeid.split("[", 1)[0] in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)


# --- the fast loop's budget (tests/budget.py), checked when VILLAGE_AVENIR_REQUIRE_ALL=1 ---

_FAST_DURATIONS: dict[str, float] = {}


def pytest_runtest_logreport(report):
    if budget.counts_for_fast_loop(report.nodeid, report.keywords):
        _FAST_DURATIONS[report.nodeid] = _FAST_DURATIONS.get(report.nodeid, 0.0) + report.duration


def pytest_sessionfinish(session, exitstatus):
    if not REQUIRE_ALL or hasattr(session.config, "workerinput"):  # CI's controller only
        return
    message = budget.over_budget(_FAST_DURATIONS)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    total = sum(_FAST_DURATIONS.values())
    if reporter is not None:
        reporter.ensure_newline()
        reporter.write_line(
            f"Budget de make test-fast : {total:.0f} s de tests sur {budget.BUDGET_S:.0f} s."
        )
        if message:
            reporter.write_line(message, red=True)
    if message:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_PG_SCHEMAS: set[str] = set()


def _variant(url: str, name: str, tmp: Path) -> str:
    """A separate database for ``name``: another SQLite file, or a PostgreSQL schema."""
    if url.startswith("sqlite"):
        return f"sqlite:///{tmp / (name + '.sqlite3')}"
    if name not in _PG_SCHEMAS:  # first use in this run: start from an empty schema
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{name}"'))
        engine.dispose()
        _PG_SCHEMAS.add(name)
    return f"{url}?options=-csearch_path%3D{name}"


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request, tmp_path_factory):
    """(name, base URL) of the database backend under test."""
    if request.param == "postgresql":
        err = pg_error()
        require(err is None, f"serveur PostgreSQL inaccessible ({PG_URL}) : {err}")
        return "postgresql", PG_URL
    return "sqlite", "sqlite:///" + str(tmp_path_factory.mktemp("db") / "base.sqlite3")


def make_app(url: str):
    import tempfile

    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "test",
            # No request leaves the machine in tests: the plan maps' IGN base map is off
            # (tests/web/test_plan_fond.py turns it on to check the markup and the CSP).
            "CARTE_PLAN_FOND": False,
            # One round of PBKDF2 instead of scrypt (~100 ms a hash): refused outside tests.
            "HACHAGE_MOT_DE_PASSE": "pbkdf2:sha256:1",
            # Uploaded documents of the tests never land in the project's instance folder.
            "PIECES_DIR": tempfile.mkdtemp(prefix="village-avenir-pieces-"),
            # Files previewed on /diagnostic/imports, waiting for confirmation.
            "IMPORTS_DIR": tempfile.mkdtemp(prefix="village-avenir-imports-"),
            # Fuzz tests write fast as one user; the limit is tested on its own.
            "ECRITURES_PAR_MINUTE": 1_000_000,
        }
    )


@pytest.fixture(scope="session")
def app(backend, tmp_path_factory):
    """The app with the Lot loaded, shared by read-only tests of one backend."""
    url = _variant(backend[1], "lot_charge", tmp_path_factory.mktemp("lot"))
    app = make_app(url)
    with app.app_context():
        drop_schema(get_engine())
        create_schema(get_engine())
        load_departement("46")
    yield app
    get_engine_of(app).dispose()


def get_engine_of(app):
    return app.extensions["village_avenir.engine"]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def fresh_app(backend, tmp_path):
    """An app on an empty schema, for tests that write."""
    url = _variant(backend[1], "vide", tmp_path)
    app = make_app(url)
    with app.app_context():
        drop_schema(get_engine())
        create_schema(get_engine())
    yield app
    get_engine_of(app).dispose()


@pytest.fixture(scope="session")
def lot_template(backend, tmp_path_factory):
    """URL of a database with the Lot loaded once per run, copied by ``loaded_fresh_app``."""
    url = _variant(backend[1], "modele_lot", tmp_path_factory.mktemp("modele"))
    app = make_app(url)
    with app.app_context():
        drop_schema(get_engine())
        create_schema(get_engine())
        load_departement("46")
    get_engine_of(app).dispose()
    return url


_PG_READY: set[str] = set()


def _copy_schema(engine, source: str, target: str) -> None:
    """Copy every table's rows from PostgreSQL schema ``source`` to ``target``."""
    from sqlmodel import SQLModel

    with engine.begin() as conn:
        for table in SQLModel.metadata.sorted_tables:
            cols = ", ".join(f'"{c.name}"' for c in table.columns)
            conn.execute(
                text(
                    f'INSERT INTO "{target}"."{table.name}" ({cols}) '
                    f'SELECT {cols} FROM "{source}"."{table.name}"'
                )
            )
            if "id" in table.columns and table.columns["id"].autoincrement in (True, "auto"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('\"{target}\".\"{table.name}\"', 'id'), "
                        f'COALESCE((SELECT MAX(id) FROM "{target}"."{table.name}"), 0) + 1, false)'
                    )
                )


def lot_copy(
    backend, template: str, directory: Path, name: str = "copie", source: str = "modele_lot"
):
    """An app on its own copy of a template database (a file copy, or a schema refilled).

    ``template`` is the template's URL (``lot_template``, ``diag_template``) and ``source`` its
    PostgreSQL schema. ``name`` is the copy's schema: a fixture that lives longer than a test
    (module scope) takes its own, so the per-test copies do not empty it under it.
    """
    import shutil

    if backend[0] == "sqlite":
        target = directory / f"{name}.sqlite3"
        shutil.copyfile(template.removeprefix("sqlite:///"), target)
        return make_app(f"sqlite:///{target}")
    app = make_app(_variant(backend[1], name, directory))
    with app.app_context():
        engine = get_engine()
        if name not in _PG_READY:  # DDL once per run; later copies only truncate
            drop_schema(engine)
            create_schema(engine)
            _PG_READY.add(name)
        else:
            from sqlmodel import SQLModel

            names = ", ".join(f'"{name}"."{t.name}"' for t in SQLModel.metadata.sorted_tables)
            with engine.begin() as conn:
                conn.execute(text(f"TRUNCATE {names} CASCADE"))
        _copy_schema(engine, source, name)
    return app


@pytest.fixture
def loaded_fresh_app(backend, lot_template, tmp_path):
    """An app with the Lot loaded on its own database, for tests that write (fast copy)."""
    app = lot_copy(backend, lot_template, tmp_path)
    yield app
    get_engine_of(app).dispose()


@pytest.fixture(scope="session")
def diag_template(backend, lot_template, tmp_path_factory):
    """URL of a database with the Lot and its shipped indicators (and the first snapshot),
    as ``flask init-db`` leaves it: built once per run, copied by ``diag_users_app``."""
    from tests.chargement import load_indicateurs

    directory = tmp_path_factory.mktemp("modele_diag")
    app = lot_copy(backend, lot_template, directory, name="modele_diag")
    with app.app_context():
        assert load_indicateurs("46"), "fichier d'indicateurs non chargé"
    get_engine_of(app).dispose()
    return app.config["SQLALCHEMY_DATABASE_URI"]


# --- accounts -----------------------------------------------------------------------------

PASSWORD = "mot-de-passe-de-test"
USERS = {
    # role: (email, commune)
    "commune": ("maire@albas.test", "46001"),
    "commune_autre": ("maire@anglars.test", "46003"),
    "ingenieur": ("ingenieur@lot.test", None),
    "admin": ("admin@lot.test", None),
}


def csrf_token(client, path: str) -> str:
    """The CSRF token of the form served at ``path``."""
    import re

    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, f"pas de jeton CSRF sur {path}"
    return match.group(1)


def login(client, who: str):
    """Log ``client`` in as one of USERS; returns the response."""
    email = USERS[who][0]
    token = csrf_token(client, "/connexion")
    return client.post(
        "/connexion",
        data={"email": email, "mot_de_passe": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )


def add_users(app) -> None:
    """One account per role of USERS, with the password PASSWORD."""
    from village_avenir.db import get_session
    from village_avenir.services.comptes.utilisateurs import create_user

    with app.app_context():
        for key, (email, commune) in USERS.items():
            role = "commune" if key.startswith("commune") else key
            create_user(
                get_session(),
                email=email,
                nom=key,
                role=role,
                password=PASSWORD,
                commune_code=commune,
                qui="tests",
            )


@pytest.fixture
def users_app(loaded_fresh_app):
    """The Lot loaded, plus one account per role (see USERS)."""
    add_users(loaded_fresh_app)
    return loaded_fresh_app


@pytest.fixture
def diag_users_app(diag_fresh_app):
    """``users_app`` with the shipped indicators loaded (the copy of a template built once,
    instead of ``load_shipped_indicators`` in each test: seconds per test)."""
    add_users(diag_fresh_app)
    return diag_fresh_app


@pytest.fixture
def diag_fresh_app(backend, diag_template, tmp_path):
    """``loaded_fresh_app`` with the shipped indicators loaded (a copy of ``diag_template``)."""
    app = lot_copy(backend, diag_template, tmp_path, source="modele_diag")
    yield app
    get_engine_of(app).dispose()
