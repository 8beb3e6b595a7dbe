"""When and how a nudge may reach a claimant: quiet hours, retries, channels, and the reminders a claim needs."""

import enum
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from typing import Any

from api.domain.claim_status import STATUS_NEWS
from api.models import Channel, ClaimStatus, FollowUpKind

# WeChat lets an Official Account write to a user only within 48 hours of the user's last message.
WECHAT_WINDOW = timedelta(hours=48)
# A held WeChat nudge is looked at again this often, to see whether the claimant wrote and reopened the window.
WECHAT_RECHECK = timedelta(minutes=10)
RETRY_CAP = timedelta(hours=6)
# The call-back follows a report the claimant has just made, often at night right after the accident: they are
# awake and were told someone would call within minutes, so holding it until morning would break that promise.
# The same goes for the claim number of a report filed late because the claims API was down.
NOT_QUIETED = {FollowUpKind.callback, FollowUpKind.report_filed}
REMINDER_INTERVALS = {
    FollowUpKind.materials_reminder: timedelta(days=3),
    FollowUpKind.treatment_checkin: timedelta(days=7),
}


def followup_entities(followup_id: int, kind: FollowUpKind, claim_number: str | None, payload: dict[str, Any]) -> dict:
    """The entities of the EXTERNAL_followup intent that carries a nudge to the bot (contract C1, docs/architecture.md)."""
    entities = {"followup_id": str(followup_id), "followup_kind": kind.value}
    if claim_number := claim_number or payload.get("claim_number"):
        entities["claim_number"] = claim_number
    if kind == FollowUpKind.status_change and payload.get("status"):
        entities["claim_status"] = payload["status"]
        entities["status_news"] = STATUS_NEWS[ClaimStatus(payload["status"])]
    return entities


@dataclass(frozen=True)
class QuietHours:
    """The stretch of the night when no nudge is sent, in a local time zone; it may run past midnight."""

    start: time
    end: time
    zone: tzinfo

    def end_if_inside(self, moment: datetime) -> datetime | None:
        """When the quiet hours around `moment` end, or None if `moment` is outside them."""
        local = moment.astimezone(self.zone)
        clock = local.time().replace(tzinfo=None)
        if self.start <= self.end:
            inside = self.start <= clock < self.end
        else:
            inside = clock >= self.start or clock < self.end
        if not inside:
            return None
        end = datetime.combine(local.date(), self.end, tzinfo=self.zone)
        return end if end > local else end + timedelta(days=1)


def deferred_until(kind: FollowUpKind, moment: datetime, quiet: QuietHours) -> datetime | None:
    """Until when a nudge that is due at `moment` must wait, or None if it may go now."""
    if kind in NOT_QUIETED:
        return None
    return quiet.end_if_inside(moment)


def retry_delay(attempts: int, base: timedelta) -> timedelta:
    """How long to wait after the attempts so far failed: doubling each time, capped."""
    return min(base * 2 ** max(attempts - 1, 0), RETRY_CAP)


class Route(str, enum.Enum):
    """How a due nudge reaches its conversation."""

    push = "push"
    hold = "hold"


def route(channel: Channel, last_user_message_at: datetime | None, now: datetime) -> Route:
    """Push where the channel can send unasked; otherwise hold the nudge for the claimant's next turn."""
    if channel == Channel.web:
        return Route.push
    if channel == Channel.wechat and last_user_message_at is not None and now - last_user_message_at < WECHAT_WINDOW:
        return Route.push
    # Rasa's REST channel and the console only answer a message; WeChat outside its window may not write first.
    return Route.hold


@dataclass(frozen=True)
class ClaimState:
    """What decides which reminders a claim needs."""

    open: bool
    missing_materials: bool
    hospitalised: bool


def wanted_reminders(claim: ClaimState) -> set[FollowUpKind]:
    """The repeating reminders an open claim calls for: papers still missing, someone still in hospital."""
    if not claim.open:
        return set()
    wanted = set()
    if claim.missing_materials:
        wanted.add(FollowUpKind.materials_reminder)
    if claim.hospitalised:
        wanted.add(FollowUpKind.treatment_checkin)
    return wanted


def next_reminder_at(kind: FollowUpKind, since: datetime) -> datetime:
    """When the next reminder of this kind is due, counting from the claim's report or the last reminder."""
    return since + REMINDER_INTERVALS[kind]
