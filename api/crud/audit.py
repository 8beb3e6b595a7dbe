"""The audit log: every read or change of claimant data leaves a row."""

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.core.security import Principal
from api.crud import paginate
from api.models import AuditEntry, utcnow


def record(
    session: Session,
    actor: Principal,
    action: str,
    resource: str,
    resource_id: str | int | None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Write an audit row and commit it together with the change it describes."""
    session.add(
        AuditEntry(
            actor_kind=actor.kind,
            actor_id=actor.id,
            action=action,
            resource=resource,
            resource_id=None if resource_id is None else str(resource_id),
            detail=detail or {},
        )
    )
    session.commit()


def record_listing(session: Session, actor: Principal, resource: str, ids: list[int]) -> None:
    """Audit a listing by the records it showed; an empty one showed nobody's data and leaves no row.

    The REST channel and the agent console poll their lists, mostly empty, on every turn or every few seconds.
    """
    if ids:
        record(session, actor, "list", resource, None, {"ids": ids})


def count_recent(session: Session, action: str, resource: str, resource_id: str, within: timedelta) -> int:
    """Count the rows of one action on one record in the last stretch of time."""
    since: datetime = utcnow() - within
    return session.scalar(
        select(func.count()).where(
            AuditEntry.action == action,
            AuditEntry.resource == resource,
            AuditEntry.resource_id == resource_id,
            AuditEntry.at >= since,
        )
    )


def list_entries(
    session: Session, resource: str | None, resource_id: str | None, actor_id: str | None, limit: int, offset: int
) -> tuple[list[AuditEntry], int]:
    """List audit rows, newest first."""
    statement = select(AuditEntry).order_by(AuditEntry.id.desc())
    if resource:
        statement = statement.where(AuditEntry.resource == resource)
    if resource_id:
        statement = statement.where(AuditEntry.resource_id == resource_id)
    if actor_id:
        statement = statement.where(AuditEntry.actor_id == actor_id)
    return paginate(session, statement, limit, offset)
