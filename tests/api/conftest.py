"""Test setup: a fresh database per session (PostgreSQL from TEST_DATABASE_URL, else SQLite) and signed-in callers."""

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# The settings are read when api.core.config is first imported, so the environment is set before any test imports.
os.environ["DATABASE_URL"] = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/claims.db"
os.environ["APP_ENV"] = "development"
os.environ["CLAIMS_API_SERVICE_KEY"] = "test-service-key"
os.environ["JWT_SECRET"] = "test-jwt-secret-for-the-test-session"
# The suites call the public endpoints far more often than a person would; test_rate_limit.py lowers it.
os.environ["RATE_LIMIT_PER_MINUTE"] = "100000"

from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import Connection, text  # noqa: E402

from api.core.db import SessionLocal, engine  # noqa: E402
from api.crud.agents import upsert_agent  # noqa: E402
from api.main import app  # noqa: E402
from api.models import AgentRole  # noqa: E402

SERVICE_HEADERS = {"X-Service-Key": "test-service-key"}
AGENTS = {"agent": AgentRole.agent, "agent2": AgentRole.agent, "supervisor": AgentRole.supervisor}
PASSWORD = "test-password"
ALEMBIC_INI = Path(__file__).resolve().parents[2] / "api" / "alembic.ini"


def _alembic_config(connection: Connection) -> Config:
    config = Config(str(ALEMBIC_INI))
    config.attributes["connection"] = connection
    config.attributes["configure_logger"] = False
    return config


@pytest.fixture(scope="session")
def alembic_config():
    """Make an Alembic configuration that migrates a given connection."""
    return _alembic_config


@pytest.fixture(scope="session")
def database() -> None:
    """Empty the test database, migrate it to head and add the test agents."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        command.upgrade(_alembic_config(connection), "head")
    with SessionLocal() as session:
        for username, role in AGENTS.items():
            upsert_agent(session, username, PASSWORD, role)


@pytest.fixture(scope="session")
def client(database) -> Iterator[TestClient]:
    """A client for the app on the test database."""
    with TestClient(app) as test_client:
        yield test_client


def _sign_in(client: TestClient, username: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", data={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture(scope="session")
def service() -> dict[str, str]:
    """Headers of the bot's action server."""
    return SERVICE_HEADERS


@pytest.fixture(scope="session")
def agent(client) -> dict[str, str]:
    """Headers of a signed-in agent."""
    return _sign_in(client, "agent")


@pytest.fixture(scope="session")
def other_agent(client) -> dict[str, str]:
    """Headers of a second signed-in agent."""
    return _sign_in(client, "agent2")


@pytest.fixture(scope="session")
def supervisor(client) -> dict[str, str]:
    """Headers of a signed-in supervisor."""
    return _sign_in(client, "supervisor")


def _report(**changes) -> dict:
    return {
        "accident_time": "2026-11-20T08:30:00+08:00",
        "accident_place": "上海市浦东新区世纪大道与张杨路路口",
        "plate_number": "沪A12345",
        "driver_name": "张三",
        "reporter_name": "李四",
        "reporter_phone": "138-0013-8000",
        "description": "直行时与右转电动车相撞，骑车人腿部受伤。",
        "police_reported": True,
        "has_injuries": True,
        "injured_taken_to_hospital": True,
        "hospital": "仁济医院",
        "channel": "wechat",
        "conversation_id": "wx-openid-123",
        **changes,
    }


@pytest.fixture(scope="session")
def report():
    """Make a valid accident report, with changes."""
    return _report


@pytest.fixture
def new_claim(client, service):
    """Report a claim through the API and return its body."""

    def create(**changes) -> dict:
        response = client.post("/api/v1/claims", json=_report(**changes), headers=service)
        assert response.status_code == 201, response.text
        return response.json()

    return create
