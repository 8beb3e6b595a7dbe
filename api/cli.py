"""Operator commands: `python -m api.cli create-agent USERNAME --role agent`, `python -m api.cli seed-dev`."""

import argparse
import getpass
import os
import re
import sys

from api.core.config import settings
from api.core.db import SessionLocal
from api.core.security import MAX_PASSWORD_BYTES
from api.crud.agents import upsert_agent
from api.models import AgentRole

DEV_AGENT = ("agent", "agent-dev-password")
USERNAME = re.compile(r"[A-Za-z0-9_.@-]{1,50}")
MIN_PASSWORD_LENGTH = 8


def _read_password() -> str:
    """The password from AGENT_PASSWORD, else from a prompt or the first line of stdin."""
    if "AGENT_PASSWORD" in os.environ:
        return os.environ["AGENT_PASSWORD"]
    if sys.stdin.isatty():
        return getpass.getpass("Password: ")
    return sys.stdin.readline().rstrip("\n")


def create_agent(username: str, role: AgentRole) -> None:
    """Create an agent, or reset an existing one's password and role."""
    if not USERNAME.fullmatch(username):
        sys.exit("Username: 1-50 letters, digits, or _ . @ -")
    password = _read_password()
    if not MIN_PASSWORD_LENGTH <= len(password.encode()) <= MAX_PASSWORD_BYTES:
        sys.exit(f"Password: {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_BYTES} bytes")
    with SessionLocal() as session:
        upsert_agent(session, username, password, role)
    print(f"Agent {username} ({role.value}) is ready.")


def seed_dev() -> None:
    """Create the development agent; refused outside development."""
    if settings.APP_ENV != "development":
        sys.exit("seed-dev only runs with APP_ENV=development")
    username, password = DEV_AGENT
    with SessionLocal() as session:
        upsert_agent(session, username, password, AgentRole.agent)
    print(f"Development agent {username} / {password} is ready.")


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run the command."""
    parser = argparse.ArgumentParser(prog="python -m api.cli", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-agent", help="create an agent; password from AGENT_PASSWORD or stdin")
    create.add_argument("username")
    create.add_argument("--role", choices=[role.value for role in AgentRole], default=AgentRole.agent.value)
    commands.add_parser("seed-dev", help="create the development agent agent/agent-dev-password")
    args = parser.parse_args(argv)
    if args.command == "create-agent":
        create_agent(args.username, AgentRole(args.role))
    else:
        seed_dev()


if __name__ == "__main__":
    main()
