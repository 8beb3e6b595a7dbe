"""Bodies for reading the audit log."""

from datetime import datetime
from typing import Any

from api.models import ActorKind
from api.schemas.common import Page, Schema


class AuditEntryOut(Schema):
    """Who read or changed which claimant data, and when."""

    id: int
    actor_kind: ActorKind
    actor_id: str | None
    action: str
    resource: str
    resource_id: str | None
    at: datetime
    detail: dict[str, Any]


class AuditList(Page):
    """A page of audit entries, newest first."""

    items: list[AuditEntryOut]
