"""Bodies for agent sign-in."""

from typing import Literal

from api.models import AgentRole
from api.schemas.common import Schema


class Token(Schema):
    """A bearer token for the agent console."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"
    role: AgentRole
    expires_in: int
