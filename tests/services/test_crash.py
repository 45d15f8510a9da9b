"""A crash in the middle of an import or a save leaves the previous state intact.

A real process (tests/crash_driver.py) imports a backup or saves an application and is
killed with SIGKILL at a deterministic point: after some batches of rows were sent to the
database (import) or after the flush of the save, in both cases before the commit. The test
then reopens the database: every table has the same rows as before (count and content hash),
SQLite's integrity check passes, and running the same operation again succeeds.
"""

from __future__ import annotations

import hashlib
import json
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import ROOT, get_engine_of, make_app
from tests.sauvegarde_data import digest, dump, fill, pieces_of, without_import_entries
from village_avenir.db import get_session
from village_avenir.models import Candidature
from village_avenir.services.sauvegarde import export_archive


def _run(app, *args: str) -> subprocess.CompletedProcess:
    get_engine_of(app).dispose()  # the parent holds no connection while the child works
    url, pieces = app.config["SQLALCHEMY_DATABASE_URI"], app.config["PIECES_DIR"]
    return subprocess.run(
        [sys.executable, "-m", "tests.crash_driver", args[0], url, pieces, *args[1:]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _sqlite_file(app) -> Path | None:
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


def _assert_sound(app) -> None:
    """SQLite: integrity check ok, still in WAL mode, no rollback-journal debris."""
    path = _sqlite_file(app)
    if path is None:
        return
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert not path.with_name(path.name + "-journal").exists()


def _killed(proc: subprocess.CompletedProcess, marker: str) -> None:
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, proc.stdout, proc.stderr)
    assert f"ARRET {marker}" in proc.stdout, proc.stdout


def test_import_killed_midway_leaves_the_previous_database(users_app, backend, tmp_path):
    fill(users_app)
    archive = tmp_path / "sauvegarde.zip"
    with users_app.app_context():
        export_archive(get_session(), archive, Path(users_app.config["PIECES_DIR"]))
        from datetime import date

        from village_avenir.services import campagnes

        campagnes.create_campaign(
            get_session(),
            nom="Appel d'automne",
            ouverture=date(2026, 9, 1),
            cloture=date(2026, 10, 31),
            regles_version="2021-01",
            qui="tests",
        )
    saved = dump(users_app)
    with zipfile_manifest(archive) as manifest:
        assert manifest["tables"][0]["lignes"] >= 1
    before, pieces = digest(users_app), pieces_of(users_app)

    proc = _run(users_app, "import", str(archive), "--tuer-apres", "4")
    _killed(proc, "après le lot 4")
    assert digest(users_app) == before
    assert pieces_of(users_app) == pieces  # the archive's pieces are already there: untouched
    _assert_sound(users_app)

    retry = _run(users_app, "import", str(archive))
    assert retry.returncode == 0, retry.stderr
    restored = without_import_entries(dump(users_app))
    assert restored["campagne"] == saved["campagne"][:-1]  # the autumn call was replaced
    assert restored != without_import_entries(saved)
    _assert_sound(users_app)


def zipfile_manifest(path: Path):
    import contextlib
    import zipfile

    @contextlib.contextmanager
    def manifest():
        with zipfile.ZipFile(path) as zf:
            yield json.loads(zf.read("manifest.json"))

    return manifest()


def test_save_killed_before_commit_leaves_the_previous_application(users_app, backend, tmp_path):
    fill(users_app)
    with users_app.app_context():
        cand = get_session().get(Candidature, 2)  # 46003's draft, with a piece
        version, fichier, sha = cand.version, cand.deliberation_fichier, cand.deliberation_sha256
    before = digest(users_app)

    proc = _run(users_app, "save", "2", "--tuer")
    _killed(proc, "après le flush")
    assert digest(users_app) == before
    piece = Path(users_app.config["PIECES_DIR"]) / fichier
    assert hashlib.sha256(piece.read_bytes()).hexdigest() == sha  # still the right file
    _assert_sound(users_app)

    retry = _run(users_app, "save", "2")
    assert retry.returncode == 0, retry.stderr
    with users_app.app_context():
        cand = get_session().get(Candidature, 2)
        assert cand.version == version + 1
        assert json.loads(cand.contenu)["projet_titre"] == "Titre après la panne"
        new_piece = Path(users_app.config["PIECES_DIR"]) / cand.deliberation_fichier
        assert b"nouvelle deliberation" in new_piece.read_bytes()
    assert digest(users_app)["journal"][0] == before["journal"][0] + 1
    _assert_sound(users_app)


def test_sqlite_connections_use_wal_and_enforce_foreign_keys(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'wal.sqlite3'}")
    with app.app_context():
        from village_avenir.db import create_schema, get_engine

        create_schema(get_engine())
        for _ in range(2):  # the pool's connections, and a new one after dispose
            with get_engine().connect() as conn:
                assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
                assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            get_engine().dispose()
        session = get_session()
        assert session.connection().execute(text("PRAGMA foreign_keys")).scalar() == 1
        with pytest.raises(Exception, match="FOREIGN KEY"):
            session.connection().execute(
                text(
                    "INSERT INTO communedeleguee (code_insee, nom, type, commune_code) "
                    "VALUES ('99001', 'Nulle part', 'COMD', '99999')"
                )
            )
        session.rollback()
    get_engine_of(app).dispose()


def test_export_killed_midway_keeps_the_previous_archive(users_app, backend, tmp_path):
    fill(users_app)
    archive = tmp_path / "sauvegarde.zip"
    first = _run(users_app, "export", str(archive))
    assert first.returncode == 0, first.stderr
    previous = archive.read_bytes()
    proc = _run(users_app, "export", str(archive), "--tuer-apres", "5000")
    _killed(proc, "après 5000 valeurs")
    assert archive.read_bytes() == previous  # never replaced by a half-written zip
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".partiel")]
    assert len(leftovers) == 1 and leftovers[0].startswith(".sauvegarde.zip.")
    retry = _run(users_app, "export", str(archive))
    assert retry.returncode == 0, retry.stderr
    target = make_app(f"sqlite:///{tmp_path / 'verif.sqlite3'}")
    with target.app_context():
        from village_avenir.db import create_schema, get_engine
        from village_avenir.services.sauvegarde import import_archive

        create_schema(get_engine())
        import_archive(get_session(), archive, Path(target.config["PIECES_DIR"]), qui="tests")
    assert without_import_entries(dump(target)) == dump(users_app)
    get_engine_of(target).dispose()
