"""Fixtures shared by the suites: real services started on free ports."""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from scripts.run_services import free_port, wait_until_healthy  # noqa: F401  (the suites import them from here)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def claims_api_url(tmp_path_factory):
    """The real claims API on a fresh SQLite database."""
    port = free_port()
    database = tmp_path_factory.mktemp("claims") / "claims.db"
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{database}", APP_ENV="development")
    subprocess.run(
        [str(ROOT / ".venv/api/bin/alembic"), "-c", "api/alembic.ini", "upgrade", "head"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    process = subprocess.Popen(
        [str(ROOT / ".venv/api/bin/uvicorn"), "api.main:app", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(f"{url}/api/v1/health", process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def postgres_database(name: str) -> str:
    """A database in the test PostgreSQL cluster (scripts/postgres.sh, PG_PORT and PG_DIR), as a postgresql:// URL."""
    url = subprocess.run(
        ["scripts/postgres.sh", "start"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PG_DATABASE=name),
    ).stdout.strip()
    return url.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture(scope="module")
def redis_url():
    """A fresh redis-server on a free port, without persistence; its db 0 URL."""
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is not installed: make setup installs it (scripts/install_system_packages.sh)")
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert time.monotonic() < deadline and server.poll() is None, "redis-server did not start"
            time.sleep(0.2)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(30)
