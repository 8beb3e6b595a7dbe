"""Handoff tickets: conversations the bot passes to a human agent."""

from fastapi import APIRouter, Response

from api.core.db import SessionDep
from api.core.errors import ApiError, error_responses
from api.core.security import CurrentAgent, ServiceOnly, ServiceOrAgent
from api.crud import audit, claims, handoffs
from api.models import ActorKind, Channel, Handoff, HandoffStatus
from api.schemas.common import ConversationId, Limit, Offset, RecordId
from api.schemas.handoffs import HandoffClose, HandoffCreate, HandoffList, HandoffOut

router = APIRouter(prefix="/handoffs", tags=["handoffs"], responses=error_responses(401, 403))


@router.post(
    "",
    status_code=201,
    response_model=HandoffOut,
    responses={200: {"model": HandoffOut, "description": "The conversation already has a ticket waiting or in hand."}}
    | error_responses(404),
)
def open_handoff(data: HandoffCreate, response: Response, session: SessionDep, caller: ServiceOnly) -> Handoff:
    """Hand a conversation to a human with a summary, the filled facts and the transcript so far."""
    claim = claims.get(session, data.claim_number) if data.claim_number else None
    handoff, created = handoffs.open_ticket(session, data, claim)
    if not created:
        response.status_code = 200
    audit.record(session, caller, "create" if created else "reuse", "handoff", handoff.id)
    return handoff


@router.get("", response_model=HandoffList)
def list_handoffs(
    session: SessionDep,
    caller: ServiceOrAgent,
    status: HandoffStatus | None = None,
    channel: Channel | None = None,
    conversation_id: ConversationId | None = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict:
    """List tickets, oldest first, filtered by status, channel or conversation; the bot sees one conversation's."""
    if caller.kind == ActorKind.service and conversation_id is None:
        raise ApiError(403, "conversation_required", "对话机器人只能查看某一个对话的工单，请提供 conversation_id。")
    items, total = handoffs.search(session, status, channel, conversation_id, limit, offset)
    audit.record_listing(session, caller, "handoff", [handoff.id for handoff in items])
    return {"items": items, "total": total}


@router.get("/{handoff_id}", response_model=HandoffOut, responses=error_responses(404))
def read_handoff(handoff_id: RecordId, session: SessionDep, caller: ServiceOrAgent) -> Handoff:
    """Read a ticket with its transcript; the bot uses it to see whether an agent took over."""
    handoff = handoffs.get(session, handoff_id)
    audit.record(session, caller, "read", "handoff", handoff_id)
    return handoff


@router.post("/{handoff_id}/take", response_model=HandoffOut, responses=error_responses(404, 409))
def take_handoff(handoff_id: RecordId, session: SessionDep, caller: CurrentAgent) -> Handoff:
    """Take an open ticket; one another agent already took is a 409."""
    handoff = handoffs.get(session, handoff_id, for_update=True)
    handoffs.take(handoff, caller.id)
    audit.record(session, caller, "take", "handoff", handoff_id)
    return handoff


@router.post("/{handoff_id}/close", response_model=HandoffOut, responses=error_responses(404, 409))
def close_handoff(handoff_id: RecordId, closing: HandoffClose, session: SessionDep, caller: CurrentAgent) -> Handoff:
    """Close a ticket with an optional note; closing twice is a 409."""
    handoff = handoffs.get(session, handoff_id, for_update=True)
    handoffs.close(handoff, caller.id, closing.note)
    audit.record(session, caller, "close", "handoff", handoff_id)
    return handoff
