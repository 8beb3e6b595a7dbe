"""Follow-ups: the durable schedule of proactive nudges."""

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query

from api.core.config import settings
from api.core.db import SessionDep
from api.core.errors import ApiError, error_responses
from api.core.security import ServiceOnly, ServiceOrAgent
from api.crud import audit, claims, followups
from api.models import FollowUp, FollowUpKind, FollowUpStatus, utcnow
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
    audit.record_listing(session, caller, "followup", [followup.id for followup in items])
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


@router.post("/{followup_id}/take", response_model=FollowUpOut, responses=error_responses(403, 409))
def take_held_followup(followup_id: RecordId, session: SessionDep, caller: ServiceOnly) -> FollowUp:
    """Lease a nudge held for the claimant's turn to the channel answering it; one already taken is a 409."""
    followup = followups.get(session, followup_id)
    lease = timedelta(seconds=settings.FOLLOWUP_LEASE_SECONDS)
    if not followups.take_held(session, followup, "channel", utcnow(), lease):
        raise ApiError(409, "followup_not_held", "这条提醒不在等待发送，可能已经发出。")
    audit.record(session, caller, "take", "followup", followup_id)
    return followup


@router.post("/{followup_id}/delivered", response_model=FollowUpOut, responses=error_responses(403, 409))
def record_delivery(followup_id: RecordId, session: SessionDep, caller: ServiceOnly) -> FollowUp:
    """Record that a taken nudge reached the conversation; recording it twice is harmless."""
    followup = followups.get(session, followup_id, for_update=True)
    if followup.status != FollowUpStatus.delivered:
        if followup.status != FollowUpStatus.delivering:
            raise ApiError(409, "followup_not_taken", "这条提醒还没有开始发送，不能记为已送达。")
        followups.mark_delivered(session, followup)
    audit.record(session, caller, "delivered", "followup", followup_id)
    return followup
