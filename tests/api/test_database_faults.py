"""A busy or restarting database is waited out; beyond the wait the API answers 503 with Retry-After, never 500."""

import sqlite3
import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from api.core.config import settings
from api.core.db import engine

UNAVAILABLE = {"detail": "服务暂时不可用，请稍后再试。", "code": "service_unavailable"}


def post_report(client, service, report, plate_number: str):
    return client.post("/api/v1/claims", json=report(plate_number=plate_number), headers=service)


def claims_of(client, agent, plate_number: str) -> list[str]:
    """Claim numbers recorded for a vehicle (each test reports its own)."""
    response = client.get("/api/v1/claims", params={"plate_number": plate_number}, headers=agent)
    assert response.status_code == 200, response.text
    return [claim["claim_number"] for claim in response.json()["items"]]


def in_background(work) -> threading.Thread:
    thread = threading.Thread(target=work)
    thread.start()
    return thread


@pytest.fixture
def sqlite_file() -> str:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's write lock")
    return engine.url.database


def hold_write_lock(path: str, seconds: float) -> threading.Thread:
    """Another process's writer: it holds the database's exclusive lock for `seconds`, from before this returns."""
    locked = threading.Event()

    def hold() -> None:
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute("BEGIN EXCLUSIVE")
        locked.set()
        time.sleep(seconds)
        connection.execute("COMMIT")
        connection.close()

    thread = in_background(hold)
    locked.wait()
    return thread


@pytest.fixture
def short_busy_timeout(monkeypatch) -> Iterator[None]:
    """The API waits half a second for SQLite's lock (new connections read the setting)."""
    monkeypatch.setattr(settings, "DATABASE_BUSY_TIMEOUT_SECONDS", 0.5)
    engine.dispose()
    yield
    monkeypatch.undo()
    engine.dispose()


def test_a_report_waits_for_a_write_lock_held_elsewhere(client, service, agent, report, sqlite_file):
    holder = hold_write_lock(sqlite_file, 1.5)
    response = post_report(client, service, report, "沪F10001")
    holder.join()
    assert response.status_code == 201, response.text
    assert claims_of(client, agent, "沪F10001") == [response.json()["claim_number"]]


def test_a_lock_held_beyond_the_wait_gets_503_and_nothing_is_half_recorded(
    client, service, agent, report, sqlite_file, short_busy_timeout
):
    holder = hold_write_lock(sqlite_file, 3)
    response = post_report(client, service, report, "沪F10002")
    holder.join()
    assert (response.status_code, response.json(), response.headers["Retry-After"]) == (503, UNAVAILABLE, "10")
    assert claims_of(client, agent, "沪F10002") == []


@pytest.fixture
def postgres_admin() -> Iterator:
    """A connection of our own to the cluster's maintenance database, outside the API's pool."""
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL backends")
    admin_engine = create_engine(engine.url.set(database="postgres"), poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as connection:
        yield connection
        connection.execute(text(f'ALTER DATABASE "{engine.url.database}" ALLOW_CONNECTIONS true'))
    admin_engine.dispose()


def terminate_other_backends(admin) -> None:
    """Kill the API's connections, as a database restart or failover does."""
    admin.execute(
        text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :database"),
        {"database": engine.url.database},
    )


def allow_connections(admin, allowed: bool) -> None:
    admin.execute(text(f'ALTER DATABASE "{engine.url.database}" ALLOW_CONNECTIONS {str(allowed).lower()}'))


def test_connections_killed_between_requests_are_replaced(client, service, agent, report, postgres_admin):
    assert post_report(client, service, report, "沪F10003").status_code == 201
    terminate_other_backends(postgres_admin)
    response = post_report(client, service, report, "沪F10004")
    assert response.status_code == 201, response.text
    assert claims_of(client, agent, "沪F10004") == [response.json()["claim_number"]]


def test_a_database_out_of_reach_for_a_moment_is_waited_out(client, service, agent, report, postgres_admin):
    allow_connections(postgres_admin, False)
    terminate_other_backends(postgres_admin)
    reopening = in_background(lambda: (time.sleep(1.5), allow_connections(postgres_admin, True)))
    response = post_report(client, service, report, "沪F10005")
    reopening.join()
    assert response.status_code == 201, response.text
    assert claims_of(client, agent, "沪F10005") == [response.json()["claim_number"]]


def test_a_database_out_of_reach_beyond_the_wait_gets_503(client, service, report, postgres_admin, monkeypatch):
    monkeypatch.setattr(settings, "DATABASE_CONNECT_RETRY_SECONDS", 1)
    allow_connections(postgres_admin, False)
    terminate_other_backends(postgres_admin)
    response = post_report(client, service, report, "沪F10006")
    assert (response.status_code, response.json(), response.headers["Retry-After"]) == (503, UNAVAILABLE, "10")
