"""The database engine and the per-request session."""

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

from fastapi import Depends
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from api.core.config import settings


def make_engine(url: str) -> Engine:
    """Create an engine for a database URL; SQLite files get their folder, serialised writes and a wait for the lock."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False})

    # pysqlite's own transaction handling breaks SAVEPOINT and lets two writers deadlock on lock upgrade;
    # taking the write lock at BEGIN makes concurrent requests queue instead of failing.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys=ON")
        # One sync per commit instead of the rollback journal's several; still fully durable (synchronous stays FULL).
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute(f"PRAGMA busy_timeout={round(settings.DATABASE_BUSY_TIMEOUT_SECONDS * 1000)}")

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


engine = make_engine(settings.DATABASE_URL)
SessionLocal = sessionmaker(engine, expire_on_commit=False)


def begin_when_reachable(session: Session) -> None:
    """Begin the session's transaction, trying again for a few seconds while the database is out of reach."""
    deadline = time.monotonic() + settings.DATABASE_CONNECT_RETRY_SECONDS
    while True:
        try:
            session.connection()
            return
        except OperationalError:
            session.rollback()
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.5)


def get_session() -> Iterator[Session]:
    """Give one request its own session; on PostgreSQL its transaction is begun at once, so a restart is waited out."""
    with SessionLocal() as session:
        # SQLite is a local file: its busy timeout waits for the lock wherever the transaction begins, and beginning
        # here would take the write lock before the request needs it.
        if engine.dialect.name != "sqlite":
            begin_when_reachable(session)
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
