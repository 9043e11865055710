"""Open a ledger: resolve where it is, connect, migrate, and hand out locked transactions.

Where: ``--ledger`` (a file path, ``sqlite:///PATH`` or ``postgresql://…``), else the environment
variable ``SDC_LEDGER``, else ``.sdc/ledger.sqlite`` under the current directory.

Every write runs under one lock per ledger (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: a
transaction-scoped advisory lock), so writers are serialised: the audit chain never forks and
two reviewers voting at once both land.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from sdc.ledger import schema, witness
from sdc.ledger.errors import LedgerError
from sdc.ledger.store import BlobStore

ENV_VAR = "SDC_LEDGER"
DEFAULT_PATH = Path(".sdc") / "ledger.sqlite"
DEFAULT_BLOBS = "blobs"  # beside the SQLite file
BUSY_TIMEOUT_MS = 120_000
DEFAULT_REVIEWERS = 2


@dataclass(frozen=True)
class Location:
    """Where a ledger lives: the SQLAlchemy URL, and the file for SQLite."""

    url: URL
    sqlite_path: Path | None

    @property
    def display(self) -> str:
        if self.sqlite_path is not None:
            return str(self.sqlite_path)
        return self.url.render_as_string(hide_password=True)


def resolve(ledger: str | Path | None = None, environ: dict[str, str] | None = None) -> Location:
    """Where the ledger is, from the option, the environment or the default."""
    env = os.environ if environ is None else environ
    value = str(ledger) if ledger is not None else (env.get(ENV_VAR) or str(DEFAULT_PATH))
    if not value.strip():
        raise LedgerError("the ledger location is empty")
    if "://" not in value:
        path = Path(value).expanduser().absolute()
        return Location(URL.create("sqlite", database=str(path)), path)
    scheme = value.split("://", 1)[0].lower()
    try:
        url = make_url(value)
    except ArgumentError as exc:
        raise LedgerError(f"bad ledger URL {value!r}: {exc}") from None
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        if not url.database:
            raise LedgerError(f"the ledger URL {_hide(url)} names no database")
        return Location(url.set(drivername="postgresql+psycopg"), None)
    if scheme in ("sqlite", "sqlite+pysqlite"):
        if not url.database or url.database == ":memory:":
            raise LedgerError("a SQLite ledger needs a file: sqlite:///PATH")
        path = Path(url.database).expanduser().absolute()
        return Location(URL.create("sqlite", database=str(path)), path)
    raise LedgerError(f"unsupported ledger URL scheme {scheme!r}: use a file path, "
                      "sqlite:///PATH or postgresql://USER:PASSWORD@HOST/DB")


def _hide(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def _sqlite_engine(path: Path) -> Engine:
    engine = create_engine(URL.create("sqlite", database=str(path)),
                           connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (below)
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("ledger_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


class Ledger:
    """A connected, migrated ledger and its snapshot store."""

    def __init__(self, location: Location, *, store: Path | None = None) -> None:
        self.location = location
        self.dialect = "sqlite" if location.sqlite_path is not None else "postgresql"
        try:
            if location.sqlite_path is not None:
                self.engine = _sqlite_engine(location.sqlite_path)
            else:
                self.engine = create_engine(location.url, pool_pre_ping=True,
                                            connect_args={"connect_timeout": 10})
        except (NoSuchModuleError, ImportError) as exc:
            raise LedgerError(f"cannot use the ledger at {location.display}: {exc} (install "
                              "the PostgreSQL driver: pip install 'sdc[postgres]')") from None
        if store is None and location.sqlite_path is not None:
            store = location.sqlite_path.parent / DEFAULT_BLOBS
        self.store = BlobStore(store)

    # -- transactions ---------------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A transaction holding the ledger's write lock; committed on success."""
        with self._connect(write=True) as conn, conn.begin():
            if self.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock("
                                  "hashtext('sdc-ledger:' || current_schema()))"))
            witness.begin(conn)
            yield conn
            witness.flush(conn)  # before the commit: an entry the witness missed is never kept

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction (a consistent view for several queries)."""
        with self._connect(write=False) as conn, conn.begin():
            yield conn

    @contextmanager
    def _connect(self, *, write: bool) -> Iterator[Connection]:
        try:
            conn = self.engine.connect()
        except DBAPIError as exc:
            raise LedgerError(f"cannot open the ledger at {self.location.display}: "
                              f"{_first_line(exc.orig)}") from None
        try:
            if write:
                conn = conn.execution_options(ledger_write=True)
            yield conn
        finally:
            conn.close()

    def close(self) -> None:
        self.engine.dispose()

    # -- settings -------------------------------------------------------------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        with self.read() as conn:
            value = conn.execute(select(schema.settings.c.value)
                                 .where(schema.settings.c.key == key)).scalar()
        return default if value is None else value


def _first_line(exc: BaseException | None) -> str:
    return str(exc).strip().splitlines()[0] if exc is not None and str(exc).strip() else "failed"


def open_ledger(ledger: str | Path | None = None, *, store: str | Path | None = None,
                create: bool = True) -> Ledger:
    """Connect to (and migrate) a ledger. ``create=False`` refuses a SQLite file that does not
    exist yet, so that a mistyped path is an error and not a new empty ledger."""
    from sdc.ledger.migrations import migrate

    location = resolve(ledger)
    path = location.sqlite_path
    if path is not None:
        if path.is_dir():
            raise LedgerError(f"the ledger {path} is a folder; give the database file")
        if not path.exists():
            if not create:
                raise LedgerError(f"no ledger at {path} (submit a request first, or give "
                                  f"--ledger / {ENV_VAR})")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise LedgerError(f"cannot create {path.parent}: {exc.strerror or exc}") from None
    result = Ledger(location, store=Path(store) if store is not None else None)
    try:
        migrate(result)
    except LedgerError:
        result.close()
        raise
    except SQLAlchemyError as exc:
        result.close()
        reason = _first_line(getattr(exc, "orig", None) or exc)
        raise LedgerError(f"cannot open the ledger at {location.display}: {reason}") from None
    return result
