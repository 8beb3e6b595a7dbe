"""The audit log, for supervisors."""

from typing import Annotated

from fastapi import APIRouter, Query

from api.core.db import SessionDep
from api.core.errors import error_responses
from api.core.security import Supervisor
from api.crud import audit
from api.schemas.audit import AuditList
from api.schemas.common import Limit, Offset, Text

router = APIRouter(prefix="/audit", tags=["audit"], responses=error_responses(401, 403))


@router.get("", response_model=AuditList)
def list_audit_entries(
    session: SessionDep,
    _: Supervisor,
    resource: Annotated[Text(40) | None, Query()] = None,
    resource_id: Annotated[Text(80) | None, Query()] = None,
    actor_id: Annotated[Text(80) | None, Query()] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict:
    """List who read or changed claimant data, newest first; supervisors and admins only."""
    items, total = audit.list_entries(session, resource, resource_id, actor_id, limit, offset)
    return {"items": items, "total": total}
