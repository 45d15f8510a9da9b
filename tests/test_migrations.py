"""Schema migrations (Alembic) on both backends: no data lost from the first schema.

- the migrations give exactly the models' schema, and the same one as ``create_all`` (which the
  test fixtures use for speed);
- a model changed without a migration is caught (``compare_metadata`` non-empty);
- a database of the first schema (built by ``alembic upgrade 0001`` or, as the code before
  migrations did, by ``create_all`` without ``alembic_version``) filled through the services,
  upgraded by ``flask init-db``: every row is still there, unchanged, and the app works on it.

``FIRST_SCHEMA`` is the models minus what was added since revision 0001 (tables outside
``schema.FIRST_TABLES``, columns in ``ADDED_SINCE_FIRST``): a migration that adds a column to a
first-schema table must list it there (the test comparing 0001 with the legacy ``create_all``
fails until then).
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from alembic import command
from sqlalchemy import (
    ForeignKey,
    MetaData,
    Table,
    UniqueConstraint,
    create_engine,
    inspect,
    select,
    text,
)
from sqlmodel import SQLModel
from werkzeug.security import generate_password_hash

from tests.chargement import load_departement
from village_avenir import schema
from village_avenir.db import get_engine, get_session, make_engine
from village_avenir.models import Journal, utcnow

from .conftest import PASSWORD, USERS, login, make_app

ADDED_SINCE_FIRST = {
    "utilisateur": {"jeton_session"},
    "commune": {
        "population_source",
        "superficie_km2",
        "superficie_source",
        "date_creation",
        "date_creation_source",
    },
    "adhesion": {"liste", "debut", "fin"},
    "invitation": {"role", "revoquee_le"},
    "plan_version": {
        "projet",
        "validee_le",
        "validee_par",
        "deliberation_fichier",
        "deliberation_nom",
        "deliberation_taille",
        "deliberation_sha256",
        "deliberation_le",
        "deliberation_par",
    },
    "plan_action": {"objectif", "partenaires", "calendrier", "indicateur", "financement"},
}
# Columns required in the first schema, optional since (engineers are invited too).
NULLABLE_SINCE_FIRST = {("invitation", "commune_code")}


def first_schema() -> MetaData:
    """The tables as the code before migrations created them (main at commit 8a93169)."""
    md = MetaData()
    for table in SQLModel.metadata.sorted_tables:
        if table.name not in schema.FIRST_TABLES:  # a table added since
            continue
        skip = ADDED_SINCE_FIRST.get(table.name)
        if not skip:
            table.to_metadata(md)
            continue
        extra = [c for c in table.constraints if c is not table.primary_key]
        multi = [c for c in extra if not c.columns or len(c.columns) > 1]
        # Multi-column unique constraints are copied by column names below; anything else
        # spanning several columns would need its own copy here.
        assert all(isinstance(c, UniqueConstraint) for c in multi), table.name
        columns = []
        for column in table.columns:
            if column.name not in skip:
                copy = column._copy()
                if (table.name, column.name) in NULLABLE_SINCE_FIRST:
                    copy.nullable = False
                for fk in column.foreign_keys:  # _copy() leaves foreign keys out
                    copy.append_foreign_key(ForeignKey(fk.target_fullname))
                columns.append(copy)
        copies = [UniqueConstraint(*(col.name for col in c.columns), name=c.name) for c in multi]
        Table(table.name, md, *columns, *copies)
    return md


FIRST_SCHEMA = first_schema()


def empty_db(backend, name: str, tmp_path) -> str:
    """URL of an empty database: a new SQLite file, or a fresh PostgreSQL schema."""
    kind, url = backend
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / (name + '.sqlite3')}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    engine.dispose()
    return f"{url}?options=-csearch_path%3D{name}"


def shape(engine) -> dict:
    """Everything about the tables that a schema difference could change (names aside)."""
    insp = inspect(engine)
    out = {}
    for t in sorted(insp.get_table_names()):
        if t == schema.VERSION_TABLE:
            continue
        out[t] = {
            "columns": [(c["name"], str(c["type"]), c["nullable"]) for c in insp.get_columns(t)],
            "pk": insp.get_pk_constraint(t)["constrained_columns"],
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in insp.get_indexes(t)
            ),
            "uniques": sorted(tuple(u["column_names"]) for u in insp.get_unique_constraints(t)),
            "fks": sorted(
                (tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]))
                for f in insp.get_foreign_keys(t)
            ),
        }
    return out


def migrate(url: str, target: str = "head") -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        command.upgrade(schema.alembic_config(conn), target)
    engine.dispose()


def test_migrations_give_exactly_the_models_schema(backend, tmp_path):
    """Fails when a model changes without a migration (and proves create_all is equivalent)."""
    migrated = empty_db(backend, "migr_tete", tmp_path)
    created = empty_db(backend, "migr_create_all", tmp_path)
    migrate(migrated)
    engine_a, engine_b = make_engine(migrated), make_engine(created)
    with engine_b.begin() as conn:
        schema.create_all_at_head(conn)
    with engine_a.connect() as conn:
        assert schema.differences(conn) == []
        assert schema.current_revision(conn) == schema.head_revision()
    with engine_b.connect() as conn:
        assert schema.current_revision(conn) == schema.head_revision()
    assert shape(engine_a) == shape(engine_b)
    assert set(shape(engine_a)) == {t.name for t in SQLModel.metadata.sorted_tables}
    engine_a.dispose(), engine_b.dispose()


def test_a_model_ahead_of_the_migrations_is_detected(backend, tmp_path):
    """The check above can fail: the first schema lacks what the models added since."""
    url = empty_db(backend, "migr_premier", tmp_path)
    migrate(url, schema.FIRST_REVISION)
    engine = make_engine(url)
    with engine.connect() as conn:
        diffs = schema.differences(conn)
    engine.dispose()
    # Tables created since the first schema (and their indexes) are whole additions; columns
    # made optional since are expected too.
    new_tables = {t.name for t in SQLModel.metadata.sorted_tables} - schema.FIRST_TABLES
    created = {d[1].name for d in diffs if isinstance(d, tuple) and d[0] == "add_table"}
    assert created == new_tables, diffs
    diffs = [
        d
        for d in diffs
        if not (
            isinstance(d, tuple)
            and (d[0] == "add_table" or (d[0] == "add_index" and d[1].table.name in new_tables))
        )
        and not (
            isinstance(d, list)
            and all(m[0] == "modify_nullable" and (m[2], m[3]) in NULLABLE_SINCE_FIRST for m in d)
        )
    ]
    added = {(d[3].name, d[2]) for d in diffs if d[0] == "add_column"}
    assert len(diffs) == len(added), diffs
    assert added == {(col, table) for table, cols in ADDED_SINCE_FIRST.items() for col in cols}, (
        diffs
    )


def test_revision_0001_is_the_schema_created_before_migrations(backend, tmp_path):
    """Stamping an old database at 0001 is right only if 0001 is what create_all made."""
    by_alembic = empty_db(backend, "migr_0001", tmp_path)
    legacy = empty_db(backend, "migr_ancien", tmp_path)
    migrate(by_alembic, schema.FIRST_REVISION)
    engine_a, engine_b = make_engine(by_alembic), make_engine(legacy)
    with engine_b.begin() as conn:
        FIRST_SCHEMA.create_all(conn)
    assert shape(engine_a) == shape(engine_b)
    assert set(shape(engine_b)) == schema.FIRST_TABLES
    engine_a.dispose(), engine_b.dispose()


# --- a database of the first schema, filled, then upgraded --------------------------------


@contextmanager
def added_columns(url: str):
    """Give a first-schema database, for the time of the fill, the columns added since
    (nullable), so today's services can write to it; drop them afterwards. Their values
    are lost, as they would be in an old database: the upgrade must cope without them."""
    engine = make_engine(url)
    added = [
        (table, SQLModel.metadata.tables[table].c[name])
        for table, names in ADDED_SINCE_FIRST.items()
        for name in sorted(names)
    ]
    with engine.begin() as conn:
        for table, column in added:
            kind = column.type.compile(dialect=conn.dialect)
            conn.execute(text(f'ALTER TABLE "{table}" ADD COLUMN "{column.name}" {kind}'))
    engine.dispose()
    try:
        yield
    finally:
        engine = make_engine(url)
        with engine.begin() as conn:
            for table, column in added:
                conn.execute(text(f'ALTER TABLE "{table}" DROP COLUMN "{column.name}"'))
        engine.dispose()


def fill_first_schema(app) -> dict:
    """Realistic data through the services of the first schema; accounts by SQL (their table
    lacks ``jeton_session`` at 0001, which today's model would write)."""
    from village_avenir.domain.planning import Need
    from village_avenir.parametres import load_catalogue_actions
    from village_avenir.services import audit, campagnes, plans
    from village_avenir.services import diagnostic as diag
    from village_avenir.services.candidatures import dossiers as cands

    with app.app_context():
        load_departement("46")
        session = get_session()
        accounts = FIRST_SCHEMA.tables["utilisateur"]
        for key in ("commune", "ingenieur"):
            email, commune = USERS[key]
            with get_engine().begin() as conn:
                conn.execute(
                    accounts.insert().values(
                        email=email,
                        nom=f"Compte {key}",
                        mot_de_passe_hash=generate_password_hash(PASSWORD),
                        role=key,
                        commune_code=commune,
                        actif=True,
                        cree_le=utcnow(),
                    )
                )
            audit.record(
                session,
                qui="tests",
                action="compte:creation",
                objet="utilisateur",
                objet_id=email,
                code_insee=commune,
                apres={"email": email, "role": key},
            )
            session.commit()
        campagnes.create_campaign(
            session,
            nom="Appel 2026",
            ouverture=date.today() - timedelta(days=1),
            cloture=date.today() + timedelta(days=30),
            regles_version="2021-01",
            qui=USERS["ingenieur"][0],
        )
        cand = cands.start(
            session, code_insee="46001", statut="eligible", raisons=[], qui=USERS["commune"][0]
        )
        cands.save_draft(
            session,
            cand,
            contenu={"projet_titre": "Réhabiliter le presbytère d'Albas"},
            version_attendue=cand.version,
            qui=USERS["commune"][0],
        )
        catalogue = load_catalogue_actions()
        needs = [Need("logement", "logements_vacants", 80, "visite du 12/11/2026")]
        plans.propose(session, "46001", needs, catalogue, qui=USERS["ingenieur"][0])
        diag.declare_value(
            session,
            code_insee="46001",
            indicateur="petit_patrimoine_a_restaurer",
            valeur="4",
            annee="2025",
            source="Inventaire communal",
            qui=USERS["commune"][0],
            origine="declaree",
        )
        return {"candidature": cand.id}


def rows(url: str) -> dict[str, list[dict]]:
    """Every row of every first-schema table, in primary-key order."""
    engine = make_engine(url)
    with engine.connect() as conn:
        out = {
            t.name: [dict(r) for r in conn.execute(select(t).order_by(*t.primary_key)).mappings()]
            for t in FIRST_SCHEMA.sorted_tables
        }
    engine.dispose()
    return out


@pytest.mark.parametrize("how", ["alembic", "create_all"])
def test_a_filled_first_schema_database_upgrades_without_loss(backend, tmp_path, how):
    url = empty_db(backend, f"migr_rempli_{how}", tmp_path)
    if how == "alembic":
        migrate(url, schema.FIRST_REVISION)
    else:  # the code before migrations: tables, no alembic_version
        engine = make_engine(url)
        with engine.begin() as conn:
            FIRST_SCHEMA.create_all(conn)
        engine.dispose()
    app = make_app(url)
    with added_columns(url):
        ids = fill_first_schema(app)
        get_engine_of(app).dispose()
    before = rows(url)
    for table in ("commune", "utilisateur", "candidature", "plan_version", "plan_action"):
        assert before[table], table
    assert len(before["commune"]) == 312 and before["valeurindicateur"]
    actions = {r["action"] for r in before["journal"]}
    assert {
        "compte:creation",
        "campagne:creation",
        "candidature:creation",
        "candidature:modification",
        "plan:proposition",
        "saisie:declaration",
    } <= actions, actions
    get_engine_of(app).dispose()

    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    if how == "create_all":
        assert "marquée au schéma 0001" in result.output
    assert f"0001 → {schema.head_revision()}" in result.output
    assert "Base déjà initialisée (312 communes)" in result.output

    assert rows(url) == before
    engine = make_engine(url)
    with engine.connect() as conn:
        assert schema.current_revision(conn) == schema.head_revision()
        assert schema.differences(conn) == []
        tokens = conn.execute(text("SELECT jeton_session FROM utilisateur")).scalars().all()
    engine.dispose()
    assert len(tokens) == 2 and len(set(tokens)) == 2
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{43}", t) for t in tokens)

    client = app.test_client()
    assert login(client, "commune").status_code == 302
    page = client.get(f"/candidatures/{ids['candidature']}")
    assert page.status_code == 200
    assert "Réhabiliter le presbytère d&#39;Albas" in page.get_data(as_text=True)
    staff = app.test_client()
    assert login(staff, "ingenieur").status_code == 302
    assert staff.get(f"/candidatures/{ids['candidature']}").status_code == 200

    again = app.test_cli_runner().invoke(args=["init-db"])
    assert again.exit_code == 0 and "Schéma" not in again.output, again.output
    get_engine_of(app).dispose()


def get_engine_of(app):
    return app.extensions["village_avenir.engine"]


def test_an_unknown_partial_schema_is_refused_and_left_alone(backend, tmp_path):
    url = empty_db(backend, "migr_partiel", tmp_path)
    engine = make_engine(url)
    with engine.begin() as conn:
        FIRST_SCHEMA.tables["epci"].create(conn)
        FIRST_SCHEMA.tables["commune"].create(conn)
    engine.dispose()
    app = make_app(url)
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code != 0
    assert "version inconnue" in result.output and "plan_action" in result.output
    assert "Traceback" not in result.output
    engine = make_engine(url)
    assert set(inspect(engine).get_table_names()) == {"epci", "commune"}
    engine.dispose()
    get_engine_of(app).dispose()


def test_db_revision_writes_the_next_migration_in_plain_sqlalchemy(tmp_path, monkeypatch):
    """``flask db-revision`` after a model change: the next number after the head, plain SQLAlchemy types,
    and applying it brings a database in step with the models (written into a copy of the
    migrations folder, never into the package; the extra table is removed afterwards)."""
    import shutil

    from sqlalchemy import Column, Integer
    from sqlmodel.sql.sqltypes import AutoString

    copy = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = sorted(p.name for p in (copy / "versions").glob("*.py"))
    # The next number after the existing revisions, chained on the current head.
    head = schema.head_revision()
    monkeypatch.setattr(schema, "MIGRATIONS", copy)
    schema._scripts.cache_clear()
    essai = Table(
        "essai_migration",
        SQLModel.metadata,
        Column("id", Integer, primary_key=True),
        Column("nom", AutoString(length=30), nullable=False),
        Column("quand", Journal.__table__.c.quand.type),
    )
    try:
        app = make_app(f"sqlite:///{tmp_path / 'rev.sqlite3'}")
        result = app.test_cli_runner().invoke(args=["db-revision", "-m", "Table d'essai"])
        assert result.exit_code == 0, result.output
        written = sorted(p.name for p in (copy / "versions").glob("*.py"))
        (new,) = set(written) - set(before)
        assert new.startswith(f"{len(before) + 1:04d}_"), written
        source = (copy / "versions" / new).read_text(encoding="utf-8")
        assert re.search(rf"down_revision = ['\"]{head}['\"]", source), source
        assert "sa.String(length=30)" in source and "sa.DateTime(timezone=True)" in source
        assert "sqlmodel" not in source.split('"""', 2)[2], source
        get_engine_of(app).dispose()
        url = f"sqlite:///{tmp_path / 'applied.sqlite3'}"
        migrate(url)
        engine = make_engine(url)
        with engine.connect() as conn:
            assert "essai_migration" in inspect(conn).get_table_names()
            assert schema.differences(conn) == []
        engine.dispose()
    finally:
        SQLModel.metadata.remove(essai)
        schema._scripts.cache_clear()


def test_a_failing_migration_leaves_the_database_as_it_was(backend, tmp_path, monkeypatch):
    """A migration that fails half-way (after an ALTER and an UPDATE) changes nothing."""
    import shutil

    copy = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    head = schema.head_revision()  # the failing migration comes after whatever is the head
    (copy / "versions" / "9999_echec.py").write_text(
        '"""Fails after changing things."""\n\n'
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        f'revision = "9999_echec"\ndown_revision = "{head}"\n'
        "branch_labels = None\ndepends_on = None\n\n\n"
        "def upgrade():\n"
        '    with op.batch_alter_table("commune") as batch:\n'
        '        batch.add_column(sa.Column("essai", sa.Integer(), nullable=True))\n'
        "    op.execute(\"UPDATE commune SET nom = 'abîmé'\")\n"
        '    raise RuntimeError("échec voulu")\n\n\n'
        "def downgrade():\n    pass\n",
        encoding="utf-8",
    )
    url = empty_db(backend, "migr_echec", tmp_path)
    migrate(url)
    app = make_app(url)
    with app.app_context():
        load_departement("46")
    get_engine_of(app).dispose()
    before, head = rows(url), schema.head_revision()
    monkeypatch.setattr(schema, "MIGRATIONS", copy)
    schema._scripts.cache_clear()
    try:
        engine = make_engine(url)
        with pytest.raises(RuntimeError, match="échec voulu"):
            schema.upgrade_schema(engine)
        with engine.connect() as conn:
            assert schema.current_revision(conn) == head
            columns = {c["name"] for c in inspect(conn).get_columns("commune")}
            assert "essai" not in columns
            if backend[0] == "sqlite":
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        engine.dispose()
        assert rows(url) == before
    finally:
        schema._scripts.cache_clear()


def test_an_unversioned_database_of_todays_models_is_stamped_not_migrated(backend, tmp_path):
    """create_all by today's models without alembic_version (a script, an old fixture):
    init-db recognises it as up to date instead of replaying 0002 on it."""
    url = empty_db(backend, "migr_sans_version", tmp_path)
    engine = make_engine(url)
    with engine.begin() as conn:
        SQLModel.metadata.create_all(conn)
    engine.dispose()
    app = make_app(url)
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "déjà conforme" in result.output and "0001" not in result.output
    engine = make_engine(url)
    with engine.connect() as conn:
        assert schema.current_revision(conn) == schema.head_revision()
    engine.dispose()
    get_engine_of(app).dispose()
