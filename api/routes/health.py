"""Health check."""

from fastapi import APIRouter
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from api.core.db import SessionDep
from api.core.errors import ApiError, error_responses
from api.schemas.health import HealthOut

router = APIRouter(tags=["health"])


@router.get("/health", responses=error_responses(503))
def health(session: SessionDep) -> HealthOut:
    """Report that the API is up and its database answers."""
    try:
        session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        raise ApiError(503, "database_unavailable", "数据库暂时连不上，请稍后再试。") from None
    return HealthOut(status="ok", database="ok")
