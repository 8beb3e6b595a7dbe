"""Follow-ups: the durable schedule of proactive nudges."""

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.orm import Session

from api.core.errors import ApiError
from api.crud import paginate, preferences
from api.crud.claim_materials import missing
from api.domain.followup_rules import (
    REMINDER_INTERVALS,
    WECHAT_RECHECK,
    ClaimState,
    next_reminder_at,
    retry_delay,
    wanted_reminders,
)
from api.models import Channel, Claim, ClaimStatus, FollowUp, FollowUpKind, FollowUpStatus, utcnow
from api.schemas.followups import FollowUpCreate

# The nudges a claimant can turn off; callbacks and status news still reach them.
REMINDER_KINDS = {FollowUpKind.notice_reminder, FollowUpKind.materials_reminder, FollowUpKind.treatment_checkin}
PENDING = {FollowUpStatus.scheduled, FollowUpStatus.awaiting_turn}
CANCELLABLE = PENDING | {FollowUpStatus.failed}
FINISHED = {FollowUpStatus.delivered, FollowUpStatus.failed}
CLAIM_ENDED = {ClaimStatus.closed, ClaimStatus.withdrawn}


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
    # The console is an agent trying the bot, not a claimant.
    if claim.conversation_id and claim.channel != Channel.console:
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


def sync_claim(session: Session, claim: Claim) -> None:
    """Cancel the nudges whose reason is gone and schedule the repeating reminders the claim still needs."""
    session.flush()
    state = ClaimState(
        open=claim.status not in CLAIM_ENDED,
        missing_materials=bool(missing(claim)),
        hospitalised=any(party.hospitalised for party in claim.injured_parties),
    )
    wanted = wanted_reminders(state)
    existing = list(session.scalars(select(FollowUp).where(FollowUp.claim_id == claim.id)))
    for followup in existing:
        reason_gone = not state.open or (followup.kind in REMINDER_INTERVALS and followup.kind not in wanted)
        if followup.status in PENDING and reason_gone:
            followup.status = FollowUpStatus.cancelled
    if not claim.conversation_id or preferences.opted_out(session, claim.conversation_id):
        return
    for kind in wanted:
        mine = [followup for followup in existing if followup.kind == kind]
        if any(followup.status in PENDING | {FollowUpStatus.delivering} for followup in mine):
            continue
        since = max((f.updated_at for f in mine if f.status in FINISHED), default=claim.created_at)
        session.add(
            FollowUp(
                claim=claim,
                conversation_id=claim.conversation_id,
                channel=claim.channel,
                kind=kind,
                due_at=next_reminder_at(kind, since),
                payload={"claim_number": claim.claim_number},
            )
        )


def _takeable_by_worker(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(FollowUp.status == FollowUpStatus.scheduled, FollowUp.due_at <= now),
        # A held WeChat nudge is looked at again: the claimant may have written and reopened the window.
        and_(
            FollowUp.status == FollowUpStatus.awaiting_turn, FollowUp.channel == Channel.wechat, FollowUp.due_at <= now
        ),
        # The worker or channel that held it died mid-delivery.
        and_(FollowUp.status == FollowUpStatus.delivering, FollowUp.locked_until < now),
    )


def due(session: Session, now: datetime, limit: int) -> list[FollowUp]:
    """The nudges a worker could take now, soonest due first."""
    statement = select(FollowUp).where(_takeable_by_worker(now)).order_by(FollowUp.due_at, FollowUp.id).limit(limit)
    return list(session.scalars(statement))


def _take(
    session: Session, followup: FollowUp, condition: ColumnElement[bool], taker: str, lease_until: datetime
) -> bool:
    # Compare-and-set in one UPDATE: of two takers only one sees its row still takeable, on SQLite and PostgreSQL.
    result = session.execute(
        update(FollowUp)
        .where(FollowUp.id == followup.id, condition)
        .values(status=FollowUpStatus.delivering, locked_by=taker, locked_until=lease_until, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    session.commit()
    if result.rowcount != 1:
        return False
    session.refresh(followup)
    return True


def take(session: Session, followup: FollowUp, worker_id: str, now: datetime, lease: timedelta) -> bool:
    """Lease a due nudge to one worker; False if another worker got it first."""
    return _take(session, followup, _takeable_by_worker(now), worker_id, now + lease)


def take_held(session: Session, followup: FollowUp, taker: str, now: datetime, lease: timedelta) -> bool:
    """Lease a nudge held for the claimant's turn to the channel answering that turn; False if already taken."""
    return _take(session, followup, FollowUp.status == FollowUpStatus.awaiting_turn, taker, now + lease)


def _release(followup: FollowUp, status: FollowUpStatus, due_at: datetime) -> None:
    followup.status = status
    followup.due_at = due_at
    followup.locked_by = followup.locked_until = None


def defer(followup: FollowUp, until: datetime) -> None:
    """Put a nudge back on the schedule until a later time, such as the end of quiet hours."""
    _release(followup, FollowUpStatus.scheduled, until)


def hold(followup: FollowUp, now: datetime) -> None:
    """Keep a nudge the channel cannot push now for the claimant's next turn."""
    recheck_at = now + WECHAT_RECHECK if followup.channel == Channel.wechat else followup.due_at
    _release(followup, FollowUpStatus.awaiting_turn, recheck_at)


def mark_delivered(session: Session, followup: FollowUp) -> None:
    """Record that the nudge reached the conversation, and plan the next reminder of its kind."""
    followup.status = FollowUpStatus.delivered
    followup.delivered_at = utcnow()
    followup.locked_by = followup.locked_until = None
    if followup.claim is not None and followup.kind in REMINDER_INTERVALS:
        session.refresh(followup.claim, with_for_update=True)
        sync_claim(session, followup.claim)


def mark_failed(followup: FollowUp, error: str, now: datetime, max_attempts: int, retry_base: timedelta) -> None:
    """Count a failed delivery: try again after a growing pause, or give up after max_attempts failures."""
    followup.attempts += 1
    followup.last_error = error[:1000]
    if followup.attempts >= max_attempts:
        _release(followup, FollowUpStatus.failed, followup.due_at)
    else:
        _release(followup, FollowUpStatus.scheduled, now + retry_delay(followup.attempts, retry_base))
