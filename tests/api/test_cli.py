"""Operator commands: creating agents and the development seed."""

import io

import pytest

from api import cli
from api.core.config import settings
from api.core.db import SessionLocal
from api.crud.agents import authenticate


def _can_sign_in(username: str, password: str) -> bool:
    with SessionLocal() as session:
        return authenticate(session, username, password) is not None


def test_create_agent_reads_the_password_from_the_environment(database, monkeypatch):
    monkeypatch.setenv("AGENT_PASSWORD", "a-long-password")
    cli.main(["create-agent", "carol", "--role", "supervisor"])
    assert _can_sign_in("carol", "a-long-password")


def test_create_agent_reads_the_password_from_stdin(database, monkeypatch):
    monkeypatch.delenv("AGENT_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("from-stdin-password\n"))
    cli.main(["create-agent", "dave"])
    assert _can_sign_in("dave", "from-stdin-password")


@pytest.mark.parametrize(("username", "password"), [("bad name", "a-long-password"), ("erin", "short")])
def test_create_agent_refuses_bad_names_and_short_passwords(database, monkeypatch, username, password):
    monkeypatch.setenv("AGENT_PASSWORD", password)
    with pytest.raises(SystemExit):
        cli.main(["create-agent", username])


def test_seed_dev_creates_the_development_agent(database):
    cli.main(["seed-dev"])
    assert _can_sign_in(*cli.DEV_AGENT)


def test_seed_dev_is_refused_outside_development(database, monkeypatch):
    monkeypatch.setattr(settings, "APP_ENV", "production")
    with pytest.raises(SystemExit, match="APP_ENV=development"):
        cli.main(["seed-dev"])
