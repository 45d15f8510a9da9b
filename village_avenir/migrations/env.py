"""Alembic environment: the project's models, and the connection given by ``village_avenir.schema``.

Always run through ``village_avenir.schema`` (``flask init-db``, ``flask db-revision``): it
passes an open connection in ``config.attributes["connection"]``. SQLite runs in batch mode so
that column changes (which SQLite cannot ALTER) rebuild the table.
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel
from sqlmodel.sql import sqltypes

from village_avenir import models  # noqa: F401  (registers every table on SQLModel.metadata)

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - misuse
    raise RuntimeError(
        "Lancez les migrations par « flask init-db » ou « flask db-revision » "
        "(village_avenir.schema), pas directement avec la commande alembic."
    )


def render_item(type_, obj, _autogen_context):
    """Write SQLModel's column types as plain SQLAlchemy ones (migrations stay frozen)."""
    if type_ == "type" and isinstance(obj, sqltypes.AutoString):
        return f"sa.String(length={obj.length})" if obj.length else "sa.String()"
    utc = getattr(sqltypes, "UTCDateTime", None)
    if type_ == "type" and utc is not None and isinstance(obj, utc):
        return "sa.DateTime(timezone=True)"
    return False


context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    render_item=render_item,
)
with context.begin_transaction():
    context.run_migrations()
