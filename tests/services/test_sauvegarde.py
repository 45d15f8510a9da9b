"""Backup and restore of the whole database (``flask export`` / ``flask import``)."""

from __future__ import annotations

from pathlib import Path

from tests.sauvegarde_data import dump, empty_app, fill, pieces_of, without_import_entries
from village_avenir.db import get_session
from village_avenir.services.sauvegarde import export_archive, import_archive


def _export(app, path: Path):
    with app.app_context():
        return export_archive(get_session(), path, Path(app.config["PIECES_DIR"]))


def _import(app, path: Path, **kw):
    with app.app_context():
        return import_archive(
            get_session(), path, Path(app.config["PIECES_DIR"]), qui="tests", **kw
        )


def test_round_trip_is_exact(users_app, backend, tmp_path):
    fill(users_app)
    before, pieces = dump(users_app), pieces_of(users_app)
    assert all(before.values()), [t for t, rows in before.items() if not rows]
    archive = tmp_path / "sauvegarde.zip"
    _export(users_app, archive)
    target = empty_app(backend[0], tmp_path, "cible")
    _import(target, archive)
    assert without_import_entries(dump(target)) == before
    assert pieces_of(target) == pieces and len(pieces) == 2
