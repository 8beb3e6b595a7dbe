"""Fixtures shared by the suites: real services started on free ports."""

import os
import subprocess
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
    subprocess.run([str(ROOT / ".venv/api/bin/alembic"), "-c", "api/alembic.ini", "upgrade", "head"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    process = subprocess.Popen([str(ROOT / ".venv/api/bin/uvicorn"), "api.main:app", "--port", str(port)],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(f"{url}/api/v1/health", process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
