"""Follow-ups: the durable schedule of proactive nudges."""

from typing import Annotated

from fastapi import APIRouter, Query

from api.core.db import SessionDep
from api.core.errors import error_responses
from api.core.security import ServiceOrAgent
from api.crud import audit, claims, followups
from api.models import FollowUp, FollowUpKind, FollowUpStatus
from api.schemas.common import ClaimNumber, ConversationId, Limit, Moment, Offset, RecordId
from api.schemas.followups import FollowUpCreate, FollowUpList, FollowUpOut

router = APIRouter(prefix="/followups", tags=["follow-ups"], responses=error_responses(401, 404))


@router.post("", status_code=201, response_model=FollowUpOut, responses=error_responses(409))
def schedule_followup(data: FollowUpCreate, session: SessionDep, caller: ServiceOrAgent) -> FollowUp:
    """Schedule a nudge; a reminder to a conversation that opted out is refused with a 409."""
    claim = claims.get(session, data.claim_number) if data.claim_number else None
    followup = followups.schedule(session, data, claim)
    audit.record(session, caller, "create", "followup", followup.id, {"conversation_id": data.conversation_id})
    return followup


@router.get("", response_model=FollowUpList)
def list_followups(
    session: SessionDep,
    caller: ServiceOrAgent,
    conversation_id: Annotated[ConversationId | None, Query()] = None,
    claim_number: Annotated[ClaimNumber | None, Query()] = None,
    status: FollowUpStatus | None = None,
    kind: FollowUpKind | None = None,
    due_before: Annotated[Moment | None, Query()] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict:
    """List follow-ups, soonest due first, filtered by conversation, claim, status, kind or due time."""
    items, total = followups.search(session, conversation_id, claim_number, status, kind, due_before, limit, offset)
    audit.record(session, caller, "list", "followup", None, {"ids": [followup.id for followup in items]})
    return {"items": items, "total": total}


@router.get("/{followup_id}", response_model=FollowUpOut)
def read_followup(followup_id: RecordId, session: SessionDep, caller: ServiceOrAgent) -> FollowUp:
    """Read one follow-up and how its delivery went."""
    followup = followups.get(session, followup_id)
    audit.record(session, caller, "read", "followup", followup_id)
    return followup


@router.post("/{followup_id}/cancel", response_model=FollowUpOut, responses=error_responses(409))
def cancel_followup(followup_id: RecordId, session: SessionDep, caller: ServiceOrAgent) -> FollowUp:
    """Cancel a nudge that has not gone out yet; one already sent or sending is a 409."""
    followup = followups.get(session, followup_id, for_update=True)
    followups.cancel(followup)
    audit.record(session, caller, "cancel", "followup", followup_id)
    return followup
