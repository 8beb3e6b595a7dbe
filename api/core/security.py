"""Who is calling: the bot's service key, an agent's JWT, or a claimant who proved their phone."""

import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Annotated

import bcrypt
import jwt
from fastapi import Depends, Security
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.config import settings
from api.core.db import SessionDep
from api.core.errors import ApiError
from api.models import ActorKind, Agent, AgentRole

JWT_ALGORITHM = "HS256"
# bcrypt only looks at the first 72 bytes and bcrypt 5 refuses longer input.
MAX_PASSWORD_BYTES = 72

service_key_header = APIKeyHeader(
    name="X-Service-Key", auto_error=False, description="The claims API service key, for the bot's action server."
)
agent_token = OAuth2PasswordBearer(
    tokenUrl="/api/v1/auth/token", auto_error=False, description="An agent's token from POST /api/v1/auth/token."
)


@dataclass(frozen=True)
class Principal:
    """The caller, as written to the audit log."""

    kind: ActorKind
    id: str | None = None
    role: AgentRole | None = None


CLAIMANT = Principal(ActorKind.claimant)
_SERVICE = Principal(ActorKind.service, "service")


def hash_password(password: str) -> str:
    """Hash a password with bcrypt."""
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


def verify_password(password: str, hashed: str) -> bool:
    """Check a password against its bcrypt hash."""
    encoded = password.encode()
    return len(encoded) <= MAX_PASSWORD_BYTES and bcrypt.checkpw(encoded, hashed.encode())


def create_access_token(agent: Agent) -> str:
    """Issue a signed token naming the agent and their role."""
    now = datetime.now(timezone.utc)
    claims = {
        "sub": agent.username,
        "role": agent.role.value,
        "iat": now,
        "exp": now + timedelta(minutes=settings.ACCESS_TOKEN_MINUTES),
    }
    return jwt.encode(claims, settings.JWT_SECRET, algorithm=JWT_ALGORITHM)


def _unauthorised(code: str = "not_authenticated", detail: str = "请先登录或提供有效的服务密钥。") -> ApiError:
    return ApiError(401, code, detail, headers={"WWW-Authenticate": "Bearer"})


def _agent_from_token(session: Session, token: str) -> Principal:
    try:
        claims = jwt.decode(token, settings.JWT_SECRET, algorithms=[JWT_ALGORITHM], options={"require": ["sub", "exp"]})
    except jwt.PyJWTError:
        raise _unauthorised("invalid_token", "登录已失效，请重新登录。") from None
    agent = session.scalar(select(Agent).where(Agent.username == str(claims["sub"]), Agent.active.is_(True)))
    if agent is None:
        raise _unauthorised("invalid_token", "登录已失效，请重新登录。")
    return Principal(ActorKind.agent, agent.username, agent.role)


def is_service_key(key: str) -> bool:
    """Whether the key is the action server's service key (compared in constant time)."""
    return hmac.compare_digest(key.encode(), settings.CLAIMS_API_SERVICE_KEY.encode())


def _service_from_key(key: str) -> Principal:
    if not is_service_key(key):
        raise _unauthorised("invalid_service_key", "服务密钥无效。")
    return _SERVICE


ServiceKey = Annotated[str | None, Security(service_key_header)]
AgentToken = Annotated[str | None, Security(agent_token)]


def service_or_agent(session: SessionDep, key: ServiceKey, token: AgentToken) -> Principal:
    """Let the bot's service or any signed-in agent through."""
    if token:
        return _agent_from_token(session, token)
    if key:
        return _service_from_key(key)
    raise _unauthorised()


def current_agent(session: SessionDep, key: ServiceKey, token: AgentToken) -> Principal:
    """Let only signed-in agents through."""
    if token:
        return _agent_from_token(session, token)
    if key:
        _service_from_key(key)
        raise ApiError(403, "agents_only", "这个操作只有坐席人员可以进行。")
    raise _unauthorised()


def service_only(session: SessionDep, key: ServiceKey, token: AgentToken) -> Principal:
    """Let only the bot's service through."""
    if key:
        return _service_from_key(key)
    if token:
        _agent_from_token(session, token)
        raise ApiError(403, "service_only", "这个操作只供对话机器人使用。")
    raise _unauthorised()


def supervisor(agent: Annotated[Principal, Depends(current_agent)]) -> Principal:
    """Let only supervisors and admins through."""
    if agent.role not in (AgentRole.supervisor, AgentRole.admin):
        raise ApiError(403, "supervisors_only", "这个操作需要主管或管理员权限。")
    return agent


ServiceOrAgent = Annotated[Principal, Depends(service_or_agent)]
CurrentAgent = Annotated[Principal, Depends(current_agent)]
ServiceOnly = Annotated[Principal, Depends(service_only)]
Supervisor = Annotated[Principal, Depends(supervisor)]
