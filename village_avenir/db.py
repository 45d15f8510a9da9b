"""Engine, one SQLModel session per request, and the schema (migrations: ``schema.py``).

SQLite gets foreign keys and WAL journaling at connection time; PostgreSQL needs nothing.
"""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

from . import (
    models,  # noqa: F401  (registers the tables on SQLModel.metadata)
    schema,
)

_ENGINE_KEY = "village_avenir.engine"


def make_engine(url: str) -> Engine:
    """Create the engine for ``url``; in-memory SQLite shares one connection (tests)."""
    if url.startswith("sqlite"):
        # Several gunicorn workers write to one file: a writer waits up to 30 s for the lock
        # (Python's default is 5 s, which a burst of saves can exceed: « database is locked »).
        kwargs: dict = {"connect_args": {"check_same_thread": False, "timeout": 30}}
        if url in {"sqlite://", "sqlite:///:memory:"}:
            kwargs["poolclass"] = StaticPool
        engine = create_engine(url, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            if url not in {"sqlite://", "sqlite:///:memory:"}:
                cur.execute("PRAGMA journal_mode=WAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    app.extensions[_ENGINE_KEY] = engine
    app.teardown_appcontext(close_session)


def get_engine() -> Engine:
    return current_app.extensions[_ENGINE_KEY]


def get_session() -> Session:
    """The request's session, opened on first use and closed at teardown."""
    if "db_session" not in g:
        g.db_session = Session(get_engine())
    return g.db_session


def close_session(_exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def create_schema(engine: Engine) -> None:
    """Bring the schema to the latest revision (see ``schema.py``).

    An empty database takes the fast path (``create_all`` + stamp ``head``, proven identical to
    the migrations by ``tests/test_migrations.py``); any other goes through the migrations.
    """
    with engine.begin() as conn:
        if not inspect(conn).get_table_names():
            schema.create_all_at_head(conn)
            return
    schema.upgrade_schema(engine)


def drop_schema(engine: Engine) -> None:
    SQLModel.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text(f"DROP TABLE IF EXISTS {schema.VERSION_TABLE}"))
