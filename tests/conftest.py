"""Fixtures shared by the suites: real services started on free ports (standard library only)."""

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(url: str, process: subprocess.Popen, timeout: float = 240) -> None:
    """Poll `url` until it answers 200, failing if the process dies or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process for {url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} not healthy after {timeout} s")


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
