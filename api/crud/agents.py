"""Agent accounts."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.security import hash_password, verify_password
from api.models import Agent, AgentRole

# Checked when the username is unknown, so that a wrong username takes as long as a wrong password.
_DUMMY_HASH = hash_password("not-a-real-password")


def authenticate(session: Session, username: str, password: str) -> Agent | None:
    """Return the active agent with these credentials, or None."""
    agent = session.scalar(select(Agent).where(Agent.username == username))
    if agent is None:
        verify_password(password, _DUMMY_HASH)
        return None
    return agent if verify_password(password, agent.hashed_password) and agent.active else None


def upsert_agent(session: Session, username: str, password: str, role: AgentRole) -> Agent:
    """Create an agent, or reset an existing agent's password and role and reactivate them."""
    agent = session.scalar(select(Agent).where(Agent.username == username)) or Agent(username=username)
    agent.hashed_password = hash_password(password)
    agent.role = role
    agent.active = True
    session.add(agent)
    session.commit()
    return agent
