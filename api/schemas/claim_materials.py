"""Bodies for a claim's materials checklist."""

from datetime import datetime

from api.models import MaterialStatus
from api.schemas.common import Schema


class MaterialOut(Schema):
    """One paper on the checklist and whether it has arrived."""

    code: str
    group: str
    group_title: str
    name: str
    note: str
    status: MaterialStatus
    received_at: datetime | None
    updated_at: datetime


class MaterialMark(Schema):
    """Mark a paper received or waived, or back to required to undo a mistake."""

    status: MaterialStatus
