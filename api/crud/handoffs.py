"""Handoff tickets: conversations the bot passes to a human agent."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.errors import ApiError
from api.crud import paginate
from api.models import Channel, Claim, Handoff, HandoffStatus, utcnow
from api.schemas.handoffs import HandoffCreate


def open_ticket(session: Session, data: HandoffCreate, claim: Claim | None) -> tuple[Handoff, bool]:
    """Open a ticket, or return the conversation's ticket still waiting or in hand; say whether it is new."""
    waiting = session.scalar(
        select(Handoff).where(
            Handoff.conversation_id == data.conversation_id,
            Handoff.status.in_((HandoffStatus.open, HandoffStatus.taken)),
        )
    )
    if waiting is not None:
        return waiting, False
    handoff = Handoff(
        **data.model_dump(exclude={"claim_number", "transcript"}),
        transcript=[turn.model_dump(mode="json") for turn in data.transcript],
        claim=claim,
    )
    session.add(handoff)
    session.flush()
    return handoff, True


def get(session: Session, handoff_id: int, for_update: bool = False) -> Handoff:
    """The ticket with this id, or a 404; for_update locks it until the change commits."""
    handoff = session.get(Handoff, handoff_id, with_for_update=for_update)
    if handoff is None:
        raise ApiError(404, "handoff_not_found", "没有找到这张转人工工单。")
    return handoff


def search(
    session: Session,
    status: HandoffStatus | None,
    channel: Channel | None,
    conversation_id: str | None,
    limit: int,
    offset: int,
) -> tuple[list[Handoff], int]:
    """List tickets matching the filters, oldest first."""
    statement = select(Handoff).order_by(Handoff.created_at, Handoff.id)
    if status:
        statement = statement.where(Handoff.status == status)
    if channel:
        statement = statement.where(Handoff.channel == channel)
    if conversation_id:
        statement = statement.where(Handoff.conversation_id == conversation_id)
    return paginate(session, statement, limit, offset)


def take(handoff: Handoff, agent: str) -> None:
    """Give an open ticket to an agent; taking one's own ticket again is harmless."""
    if handoff.status == HandoffStatus.taken and handoff.agent == agent:
        return
    if handoff.status == HandoffStatus.taken:
        raise ApiError(409, "handoff_taken", f"这张工单已经由坐席 {handoff.agent} 接手了。")
    if handoff.status == HandoffStatus.closed:
        raise _closed()
    handoff.status = HandoffStatus.taken
    handoff.agent = agent
    handoff.taken_at = utcnow()


def close(handoff: Handoff, agent: str, note: str | None) -> None:
    """Close a ticket that is open or in hand."""
    if handoff.status == HandoffStatus.closed:
        raise _closed()
    handoff.status = HandoffStatus.closed
    handoff.agent = handoff.agent or agent
    handoff.close_note = note
    handoff.closed_at = utcnow()


def _closed() -> ApiError:
    return ApiError(409, "handoff_closed", "这张工单已经关闭了。")
