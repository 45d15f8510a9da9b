"""Backup and restore of the whole database (``flask export`` / ``flask import``): an exact
round trip on each backend and across backends, refusals that write nothing, the CLI."""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import func, select

from tests.conftest import login
from tests.sauvegarde_data import dump, empty_app, fill, pieces_of, without_import_entries
from village_avenir.db import get_session
from village_avenir.models import Campagne, Journal
from village_avenir.services.sauvegarde import (
    SauvegardeInvalide,
    export_archive,
    import_archive,
)


def _export(app, path: Path):
    with app.app_context():
        return export_archive(get_session(), path, Path(app.config["PIECES_DIR"]))


def _import(app, path: Path, **kw):
    with app.app_context():
        return import_archive(
            get_session(), path, Path(app.config["PIECES_DIR"]), qui="tests", **kw
        )


@pytest.fixture
def filled(users_app, tmp_path):
    """(app filled through the services, its archive, its dump, its pieces)."""
    fill(users_app)
    archive = tmp_path / "sauvegarde.zip"
    _export(users_app, archive)
    return users_app, archive, dump(users_app), pieces_of(users_app)


def test_round_trip_is_exact_and_new_rows_get_fresh_ids(filled, backend, tmp_path):
    app, archive, before, pieces = filled
    assert all(before.values()), [t for t, rows in before.items() if not rows]
    # two deliberation PDFs, a heritage photo and its thumbnail
    assert len(pieces) == 4 and any(bytes(range(256)) in data for data in pieces.values())
    target = empty_app(backend[0], tmp_path, "cible")
    bilan = _import(target, archive)
    assert without_import_entries(dump(target)) == before
    assert pieces_of(target) == pieces
    assert bilan.tables["commune"] == 312 and bilan.pieces == 4
    with target.app_context():
        s = get_session()
        entry = s.exec(select(Journal).where(Journal.action == "systeme:import-base")).one()
        assert json.loads(entry.apres)["lignes"]["candidature"] == 2
        assert entry.id == len(before["journal"]) + 1  # ids continue after the imported ones
        from village_avenir.services import campagnes

        # The day after the restored campaign closes: campaigns never overlap.
        start = date.fromisoformat(str(before["campagne"][0][3])[:10]) + timedelta(days=1)
        new = campagnes.create_campaign(
            s,
            nom="Appel 2027",
            ouverture=start,
            cloture=start + timedelta(days=30),
            regles_version="2021-01",
            qui="tests",
        )
        assert new.id == before["campagne"][-1][0] + 1
    # The restored accounts work: same password hash, same login.
    assert login(target.test_client(), "ingenieur").status_code == 302


@pytest.mark.postgres
def test_round_trip_across_backends(filled, backend, tmp_path):
    """SQLite → PostgreSQL → SQLite (and PostgreSQL → SQLite → PostgreSQL): exact."""
    app, archive, before, pieces = filled
    other = "postgresql" if backend[0] == "sqlite" else "sqlite"
    middle = empty_app(other, tmp_path, "autre_moteur")
    _import(middle, archive)
    assert without_import_entries(dump(middle)) == before
    second = tmp_path / "retour.zip"
    _export(middle, second)
    back = empty_app(backend[0], tmp_path, "retour")
    _import(back, second)
    assert without_import_entries(dump(back)) == before
    assert pieces_of(back) == pieces
    with back.app_context():
        n = get_session().exec(
            select(func.count()).select_from(Journal).where(Journal.action == "systeme:import-base")
        )
        assert n.one() == 2  # one per import, each in its own database


def _rewrite(src: Path, dst: Path, change=None, extra=(), manifest=None) -> None:
    """Copy an archive, changing members' bytes, adding members, editing the manifest."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "manifest.json" and manifest:
                data = json.dumps(manifest(json.loads(data))).encode()
            elif change:
                data = change(info.filename, data)
            zout.writestr(info.filename, data)
        for name, data in extra:
            zout.writestr(name, data)


def _refused(app, archive, match, **kw):
    before, pieces = dump(app), pieces_of(app)
    with pytest.raises(SauvegardeInvalide, match=match) as err:
        _import(app, archive, **kw)
    assert "rien n'a été importé" in str(err.value)
    assert dump(app) == before and pieces_of(app) == pieces


def test_non_empty_target_is_refused_without_remplacer(filled, backend, tmp_path):
    app, archive, *_ = filled
    _refused(app, archive, "La base de destination n'est pas vide")


def test_remplacer_swaps_the_whole_content_in_one_go(filled, backend, tmp_path):
    app, archive, before, pieces = filled
    other = empty_app(backend[0], tmp_path, "autre")
    with other.app_context():  # a different, smaller database
        from tests.chargement import load_departement

        load_departement("46")
        get_session().commit()
    _import(other, archive, remplacer=True)
    assert without_import_entries(dump(other)) == before
    assert pieces_of(other) == pieces
    with other.app_context():
        entry = (
            get_session().exec(select(Journal).where(Journal.action == "systeme:import-base")).one()
        )
        assert json.loads(entry.avant)["lignes"]["commune"] == 312


@pytest.mark.parametrize(
    "name",
    ["../evil.pdf", "/etc/passwd", "pieces/../../evil.pdf", "pieces\\..\\evil.pdf", "C:/x"],
)
def test_zip_slip_members_are_refused(filled, backend, tmp_path, name):
    _, archive, *_ = filled
    target = empty_app(backend[0], tmp_path, "cible")
    bad = tmp_path / "slip.zip"
    _rewrite(archive, bad, extra=[(name, b"%PDF-1.4 malicious")])
    _refused(target, bad, "chemin interdit")
    assert not (tmp_path / "evil.pdf").exists()


def test_unexpected_member_is_refused(filled, backend, tmp_path):
    _, archive, *_ = filled
    target = empty_app(backend[0], tmp_path, "cible")
    bad = tmp_path / "extra.zip"
    _rewrite(archive, bad, extra=[("pieces/intrus.pdf", b"%PDF-1.4")])
    _refused(target, bad, "fichiers inattendus")


def test_tampered_member_fails_its_checksum(filled, backend, tmp_path):
    _, archive, *_ = filled
    target = empty_app(backend[0], tmp_path, "cible")
    bad = tmp_path / "modifiee.zip"

    def change(name, data):
        return data.replace(b"Albas", b"Alba$") if name == "tables/commune.jsonl" else data

    _rewrite(archive, bad, change=change)
    _refused(target, bad, "SHA-256 du fichier « tables/commune.jsonl »")


def test_invalid_value_with_a_consistent_manifest_is_refused(filled, backend, tmp_path):
    """Someone rewrote a row and the manifest's checksum: the value check still refuses."""
    _, archive, *_ = filled
    target = empty_app(backend[0], tmp_path, "cible")
    bad = tmp_path / "valeur.zip"
    member = "tables/campagne.jsonl"
    with zipfile.ZipFile(archive) as zf:
        row = json.loads(zf.read(member))
    row["ouverture"] = "hier"
    data = (json.dumps(row) + "\n").encode()

    def manifest(m):
        m["membres"][member] = {"sha256": hashlib.sha256(data).hexdigest(), "taille": len(data)}
        return m

    _rewrite(archive, bad, change=lambda n, d: data if n == member else d, manifest=manifest)
    _refused(target, bad, "ligne 1 : valeur invalide pour la colonne « ouverture »")


def test_rows_the_database_rejects_roll_everything_back(filled, backend, tmp_path):
    """A foreign key to a missing commune: the database refuses, nothing stays (pieces too)."""
    _, archive, *_ = filled
    target = empty_app(backend[0], tmp_path, "cible")
    bad = tmp_path / "cle.zip"
    member = "tables/candidature.jsonl"
    with zipfile.ZipFile(archive) as zf:
        lines = zf.read(member).splitlines()
    first = json.loads(lines[0])
    first["code_insee"] = "99999"
    data = b"\n".join([json.dumps(first).encode(), *lines[1:]]) + b"\n"

    def manifest(m):
        m["membres"][member] = {"sha256": hashlib.sha256(data).hexdigest(), "taille": len(data)}
        return m

    _rewrite(archive, bad, change=lambda n, d: data if n == member else d, manifest=manifest)
    _refused(target, bad, "La base a refusé les données de l'archive")
    assert pieces_of(target) == {}


@pytest.mark.parametrize("kind", ["tronquee", "texte", "vide", "absente"])
def test_unreadable_files_are_refused(filled, backend, tmp_path, kind):
    _, archive, *_ = filled
    target = empty_app(backend[0], tmp_path, "cible")
    bad = tmp_path / "mauvaise.zip"
    raw = archive.read_bytes()
    contents = {"tronquee": raw[: len(raw) // 2], "texte": b"code_insee;nom\n", "vide": b""}
    if kind in contents:
        bad.write_bytes(contents[kind])
    _refused(target, bad, "n'est pas une archive de sauvegarde lisible|introuvable")


def test_other_zip_and_future_format_are_refused(filled, backend, tmp_path):
    _, archive, *_ = filled
    target = empty_app(backend[0], tmp_path, "cible")
    other = tmp_path / "autre.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("manifest.json", json.dumps({"format": "autre"}))
    _refused(target, other, "pas une sauvegarde de Village A-Venir")
    future = tmp_path / "futur.zip"
    _rewrite(archive, future, manifest=lambda m: {**m, "version_format": 99})
    _refused(target, future, "Version de format 99 non prise en charge")


def test_cli_export_then_import(filled, backend, tmp_path):
    app, _, before, pieces = filled
    archive = tmp_path / "cli.zip"
    result = app.test_cli_runner().invoke(args=["export", str(archive)])
    assert result.exit_code == 0, result.output
    assert "1 pièces" not in result.output and "4 pièces jointes" in result.output
    assert "données personnelles" in result.output
    target = empty_app(backend[0], tmp_path, "cible")
    runner = target.test_cli_runner()
    result = runner.invoke(args=["import", str(archive)])
    assert result.exit_code == 0, result.output
    assert "Sauvegarde restaurée" in result.output
    assert without_import_entries(dump(target)) == before and pieces_of(target) == pieces
    again = runner.invoke(args=["import", str(archive)])
    assert again.exit_code == 1
    assert "La base de destination n'est pas vide" in again.output
    assert "Traceback" not in again.output
    with target.app_context():
        assert get_session().exec(select(func.count()).select_from(Campagne)).one() == 1


def test_piece_with_the_same_name_but_other_bytes_is_refused(filled, backend, tmp_path):
    _, archive, _, pieces = filled
    target = empty_app(backend[0], tmp_path, "cible")
    name = sorted(pieces)[0]
    directory = Path(target.config["PIECES_DIR"])
    (directory / name).write_bytes(b"%PDF-1.4 une autre piece")
    _refused(target, archive, "contient déjà un fichier")
    assert (directory / name).read_bytes() == b"%PDF-1.4 une autre piece"
    assert sorted(p.name for p in directory.iterdir()) == [name]  # the others were removed


def test_manifest_with_malformed_entries_is_refused(filled, backend, tmp_path):
    _, archive, *_ = filled
    target = empty_app(backend[0], tmp_path, "cible")
    bad = tmp_path / "manifeste.zip"

    def manifest(m):
        m["membres"]["tables/epci.jsonl"] = "pas un dictionnaire"
        return m

    _rewrite(archive, bad, manifest=manifest)
    _refused(target, bad, "manifeste est incohérente")


def test_cli_export_to_a_missing_folder_is_a_french_message(users_app, tmp_path):
    runner = users_app.test_cli_runner()
    result = runner.invoke(args=["export", str(tmp_path / "absent" / "s.zip")])
    assert result.exit_code == 1 and "n'existe pas" in result.output
    result = runner.invoke(args=["export", "/proc/sauvegarde.zip"])  # not writable, even by root
    assert result.exit_code == 1, result.output
    assert "Impossible d'écrire la sauvegarde" in result.output
    assert "Traceback" not in result.output


def _drop_column(archive: Path, dst: Path, table: str, column: str) -> None:
    """The archive as an older schema without ``table.column`` would have written it."""
    member = f"tables/{table}.jsonl"
    with zipfile.ZipFile(archive) as zf:
        rows = [json.loads(line) for line in zf.read(member).splitlines()]
    data = b"".join(
        json.dumps({k: v for k, v in r.items() if k != column}).encode() + b"\n" for r in rows
    )

    def manifest(m):
        m["membres"][member] = {"sha256": hashlib.sha256(data).hexdigest(), "taille": len(data)}
        for entry in m["tables"]:
            if entry["nom"] == table:
                entry["colonnes"].remove(column)
        return m

    _rewrite(archive, dst, change=lambda n, d: data if n == member else d, manifest=manifest)


def test_archive_of_an_older_schema_fills_new_columns_with_their_default(filled, backend, tmp_path):
    """A column added since the export (e.g. by a migration) gets NULL or its default."""
    _, archive, before, _ = filled
    older = tmp_path / "ancienne.zip"
    _drop_column(archive, older, "utilisateur", "commune_code")
    target = empty_app(backend[0], tmp_path, "cible")
    _import(target, older)
    after = dump(target)
    assert len(after["utilisateur"]) == len(before["utilisateur"]) == 4
    with target.app_context():
        from village_avenir.models import Utilisateur

        users = get_session().exec(select(Utilisateur)).all()
        assert {u.commune_code for u in users} == {None}
    with_code = list(Utilisateur.__table__.columns).index(Utilisateur.__table__.c.commune_code)
    assert {r[with_code] for r in before["utilisateur"]} == {None, "46001", "46003"}
    required = tmp_path / "obligatoire.zip"
    _drop_column(archive, required, "utilisateur", "email")
    _refused(empty_app(backend[0], tmp_path, "cible2"), required, "colonne obligatoire")
