"""One way to end a use case's transaction: ``with transaction(session, ...):``.

The block's changes are committed when it ends normally. On any exception, raised by the
block or by the commit itself, everything is rolled back and the exception goes on: nothing
is half-written. Two refusals of the database may be turned into the calling service's own
French error:

- ``conflit``: an optimistic-locking conflict (SQLAlchemy's ``StaleDataError``: the row's
  version changed since it was read, someone else saved in the meantime);
- ``doublon``: a uniqueness clash (``IntegrityError``: the row exists already, or two saves
  raced).

Each is an exception class (raised without arguments) or an exception instance (raised as
it is), with the database's error as its ``__cause__``. Without them, SQLAlchemy's error
goes on unchanged.

``commit=False`` makes the block part of the caller's transaction: nothing is committed,
rolled back or mapped here (for a service that another one calls inside its own
transaction, e.g. ``take_snapshot`` after an import).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

__all__ = ["transaction"]

ServiceError = type[Exception] | Exception | None


@contextmanager
def transaction(
    session: Session,
    *,
    conflit: ServiceError = None,
    doublon: ServiceError = None,
    commit: bool = True,
) -> Iterator[Session]:
    """Commit the block's changes, or roll them all back (mapping the two refusals above)."""
    if not commit:
        yield session
        return
    try:
        yield session
        session.commit()
    except StaleDataError as exc:
        session.rollback()
        if conflit is None:
            raise
        raise conflit from exc
    except IntegrityError as exc:
        session.rollback()
        if doublon is None:
            raise
        raise doublon from exc
    except BaseException:
        session.rollback()
        raise
