"""The one transaction helper (issue 16 n° 3): commit, roll back on any error, and turn the
database's two refusals (optimistic-locking conflict, uniqueness clash) into the service's
own French errors. On SQLite and PostgreSQL (``-k postgresql``).

The table is the test's own (its own metadata, not the application's): a unique name and a
version column, as ``Candidature`` and the plans have.
"""

from __future__ import annotations

import pytest
from sqlalchemy import String, create_engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.orm.exc import StaleDataError

from tests.conftest import _variant
from village_avenir.services.transaction import transaction


class _Base(DeclarativeBase):
    pass


class Ligne(_Base):
    __tablename__ = "essai_transaction"
    id: Mapped[int] = mapped_column(primary_key=True)
    nom: Mapped[str] = mapped_column(String(40), unique=True)
    version: Mapped[int] = mapped_column(nullable=False)
    __mapper_args__ = {"version_id_col": version}


class Conflit(ValueError):
    def __init__(self):
        super().__init__("Quelqu'un d'autre a modifié cette ligne entre-temps.")


class Doublon(ValueError):
    """A service error carrying its own message."""


@pytest.fixture()
def engine(backend, tmp_path):
    kind, url = backend
    if kind == "postgresql":
        url = _variant(url, "essai_transaction", tmp_path)
    else:
        url = f"sqlite:///{tmp_path / 'transaction.sqlite3'}"
    eng = create_engine(url)
    _Base.metadata.drop_all(eng)
    _Base.metadata.create_all(eng)
    yield eng
    _Base.metadata.drop_all(eng)
    eng.dispose()


def _names(engine) -> list[str]:
    with Session(engine) as s:
        return list(s.scalars(select(Ligne.nom).order_by(Ligne.nom)))


def _one(engine, nom="a") -> int:
    with Session(engine) as s, transaction(s):
        row = Ligne(nom=nom)
        s.add(row)
        s.flush()
        return row.id


def test_the_block_is_committed(engine):
    with Session(engine) as s:
        with transaction(s) as tx:
            assert tx is s
            s.add_all([Ligne(nom="a"), Ligne(nom="b")])
        assert not s.new and not s.dirty
    assert _names(engine) == ["a", "b"]


def test_an_error_in_the_block_rolls_everything_back(engine):
    _one(engine, "avant")
    with Session(engine) as s:
        with pytest.raises(RuntimeError, match="panne"), transaction(s):
            s.add(Ligne(nom="a"))
            s.flush()  # already sent to the database: must be undone too
            s.get(Ligne, 1).nom = "changé"
            raise RuntimeError("panne")
        # The session is usable again at once (no « transaction rolled back » state).
        assert s.scalar(select(func.count()).select_from(Ligne)) == 1
    assert _names(engine) == ["avant"]


def test_a_failed_commit_writes_nothing_and_goes_on_unchanged_without_mapping(engine):
    _one(engine, "a")
    with Session(engine) as s:
        with pytest.raises(IntegrityError), transaction(s, conflit=Conflit):
            s.add(Ligne(nom="b"))
            s.add(Ligne(nom="a"))  # sent at the commit: refused, « b » goes too
    assert _names(engine) == ["a"]


@pytest.mark.parametrize("given", ["classe", "instance"])
def test_a_duplicate_becomes_the_services_error(engine, given):
    _one(engine, "a")
    doublon = Doublon("Une ligne « a » existe déjà.") if given == "instance" else Doublon
    with Session(engine) as s:
        with pytest.raises(Doublon) as info, transaction(s, doublon=doublon):
            s.add(Ligne(nom="b"))
            s.add(Ligne(nom="a"))
        assert isinstance(info.value.__cause__, IntegrityError)
        if given == "instance":
            assert info.value is doublon and str(info.value) == "Une ligne « a » existe déjà."
        assert s.scalar(select(func.count()).select_from(Ligne)) == 1
    assert _names(engine) == ["a"]


def _stale_edit(engine, s: Session) -> Ligne:
    """``s`` holds the row at version 1 while another session saves it (version 2)."""
    row_id = _one(engine, "a")
    mine = s.get(Ligne, row_id)
    with Session(engine) as other, transaction(other):
        other.get(Ligne, row_id).nom = "modifié ailleurs"
    mine.nom = "ma saisie"
    return mine


def test_an_optimistic_locking_conflict_becomes_the_services_error(engine):
    with Session(engine) as s:
        _stale_edit(engine, s)
        with pytest.raises(Conflit, match="entre-temps") as info, transaction(s, conflit=Conflit):
            s.add(Ligne(nom="nouvelle"))
        assert isinstance(info.value.__cause__, StaleDataError)
    assert _names(engine) == ["modifié ailleurs"]  # the other save stays, mine is gone


def test_a_conflict_goes_on_unchanged_without_mapping(engine):
    with Session(engine) as s:
        _stale_edit(engine, s)
        with pytest.raises(StaleDataError), transaction(s, doublon=Doublon):
            pass
    assert _names(engine) == ["modifié ailleurs"]


def test_commit_false_leaves_the_transaction_to_the_caller(engine):
    with Session(engine) as s:
        with transaction(s):
            with transaction(s, commit=False):
                s.add(Ligne(nom="a"))
            assert s.new  # not committed (nor flushed) by the inner block
        with pytest.raises(RuntimeError), transaction(s):
            with transaction(s, commit=False):
                s.add(Ligne(nom="b"))
            raise RuntimeError("le bloc englobant échoue")
    assert _names(engine) == ["a"]
