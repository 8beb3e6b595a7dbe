"""Agent sign-in."""

from typing import Annotated

from fastapi import APIRouter, Form

from api.core.config import settings
from api.core.db import SessionDep
from api.core.errors import ApiError, error_responses
from api.core.security import create_access_token
from api.crud import agents
from api.schemas.auth import Token
from api.schemas.common import Password, Text

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/token", responses=error_responses(401, 429))
def sign_in(
    session: SessionDep,
    username: Annotated[Text(50, min_length=1), Form()],
    password: Annotated[Password, Form()],
) -> Token:
    """Sign an agent in (OAuth2 password flow) and return a bearer token carrying their role."""
    agent = agents.authenticate(session, username, password)
    if agent is None:
        raise ApiError(401, "invalid_credentials", "用户名或密码不正确。", headers={"WWW-Authenticate": "Bearer"})
    return Token(
        access_token=create_access_token(agent), role=agent.role, expires_in=settings.ACCESS_TOKEN_MINUTES * 60
    )
