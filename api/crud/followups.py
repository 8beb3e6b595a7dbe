"""Follow-ups: the durable schedule of proactive nudges."""

from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from api.core.errors import ApiError
from api.crud import paginate, preferences
from api.models import Channel, Claim, FollowUp, FollowUpKind, FollowUpStatus, utcnow
from api.schemas.followups import FollowUpCreate

# The nudges a claimant can turn off; callbacks and status news still reach them.
REMINDER_KINDS = {FollowUpKind.notice_reminder, FollowUpKind.materials_reminder, FollowUpKind.treatment_checkin}
CANCELLABLE = {FollowUpStatus.scheduled, FollowUpStatus.failed}
MAX_ATTEMPTS = 5
RETRY_AFTER = timedelta(minutes=5)
# Rasa's REST channel and the agent console cannot receive pushed messages.
PUSH_CHANNELS = {Channel.web, Channel.wechat}


def schedule(session: Session, data: FollowUpCreate, claim: Claim | None) -> FollowUp:
    """Add a nudge to the schedule, unless it is a reminder the claimant turned off (409)."""
    if data.kind in REMINDER_KINDS and preferences.opted_out(session, data.conversation_id):
        raise ApiError(409, "opted_out", "对方已经表示不想再收到提醒，这条提醒不会安排。")
    followup = FollowUp(**data.model_dump(exclude={"claim_number"}), claim=claim)
    session.add(followup)
    session.flush()
    return followup


def announce_status(session: Session, claim: Claim) -> None:
    """Schedule a nudge telling the claimant's conversation that their claim moved on."""
    if claim.conversation_id and claim.channel in PUSH_CHANNELS:
        session.add(
            FollowUp(
                claim=claim,
                conversation_id=claim.conversation_id,
                channel=claim.channel,
                kind=FollowUpKind.status_change,
                due_at=utcnow(),
                payload={"claim_number": claim.claim_number, "status": claim.status.value},
            )
        )


def get(session: Session, followup_id: int, for_update: bool = False) -> FollowUp:
    """The follow-up with this id, or a 404; for_update locks it until the change commits."""
    followup = session.get(FollowUp, followup_id, with_for_update=for_update)
    if followup is None:
        raise ApiError(404, "followup_not_found", "没有找到这条跟进提醒。")
    return followup


def search(
    session: Session,
    conversation_id: str | None,
    claim_number: str | None,
    status: FollowUpStatus | None,
    kind: FollowUpKind | None,
    due_before: datetime | None,
    limit: int,
    offset: int,
) -> tuple[list[FollowUp], int]:
    """List follow-ups matching the filters, soonest due first."""
    statement = select(FollowUp).order_by(FollowUp.due_at, FollowUp.id)
    if conversation_id:
        statement = statement.where(FollowUp.conversation_id == conversation_id)
    if claim_number:
        statement = statement.join(FollowUp.claim).where(Claim.claim_number == claim_number)
    if status:
        statement = statement.where(FollowUp.status == status)
    if kind:
        statement = statement.where(FollowUp.kind == kind)
    if due_before:
        statement = statement.where(FollowUp.due_at < due_before)
    return paginate(session, statement, limit, offset)


def cancel(followup: FollowUp) -> None:
    """Cancel a nudge that has not gone out; cancelling twice is harmless, a sent one is a 409."""
    if followup.status == FollowUpStatus.cancelled:
        return
    if followup.status not in CANCELLABLE:
        raise ApiError(409, "followup_not_cancellable", "这条提醒正在发送或已经发出，无法取消。")
    followup.status = FollowUpStatus.cancelled


def cancel_reminders(session: Session, conversation_id: str) -> int:
    """Cancel the scheduled reminders of a conversation that opted out; return how many."""
    result = session.execute(
        update(FollowUp)
        .where(
            FollowUp.conversation_id == conversation_id,
            FollowUp.kind.in_(REMINDER_KINDS),
            FollowUp.status.in_(CANCELLABLE),
        )
        .values(status=FollowUpStatus.cancelled)
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount


def claim_due(session: Session, worker_id: str, limit: int, lease: timedelta) -> list[FollowUp]:
    """Take up to `limit` due nudges for one worker; rows another worker holds are skipped, expired leases retaken."""
    now = utcnow()
    due = (
        select(FollowUp)
        .where(
            or_(
                and_(FollowUp.status == FollowUpStatus.scheduled, FollowUp.due_at <= now),
                # The worker that held it died mid-delivery.
                and_(FollowUp.status == FollowUpStatus.delivering, FollowUp.locked_until < now),
            )
        )
        .order_by(FollowUp.due_at, FollowUp.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    taken = list(session.scalars(due))
    for followup in taken:
        followup.status = FollowUpStatus.delivering
        followup.locked_by = worker_id
        followup.locked_until = now + lease
        followup.attempts += 1
    session.commit()
    return taken


def mark_delivered(followup: FollowUp) -> None:
    """Record that the nudge reached the conversation."""
    followup.status = FollowUpStatus.delivered
    followup.delivered_at = utcnow()
    followup.locked_by = followup.locked_until = None


def mark_failed(followup: FollowUp, error: str) -> None:
    """Record a failed delivery: try again later, or give up after MAX_ATTEMPTS."""
    followup.last_error = error[:1000]
    followup.locked_by = followup.locked_until = None
    if followup.attempts >= MAX_ATTEMPTS:
        followup.status = FollowUpStatus.failed
    else:
        followup.status = FollowUpStatus.scheduled
        followup.due_at = utcnow() + RETRY_AFTER * followup.attempts
