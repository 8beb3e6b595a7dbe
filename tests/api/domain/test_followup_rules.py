"""The rules of proactive nudges: quiet hours, retry pauses, channel windows, reminders a claim needs, C1 entities."""

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from api.domain.followup_rules import (
    NOT_QUIETED,
    RETRY_CAP,
    ClaimState,
    QuietHours,
    Route,
    deferred_until,
    followup_entities,
    next_reminder_at,
    retry_delay,
    route,
    wanted_reminders,
)
from api.models import Channel, FollowUpKind

SHANGHAI = ZoneInfo("Asia/Shanghai")
NIGHT = QuietHours(time(21, 0), time(8, 0), SHANGHAI)


def _beijing(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, second, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("moment", "end"),
    [
        (_beijing(23, 20, 59, 59), None),
        (_beijing(23, 21, 0), _beijing(24, 8, 0)),
        (_beijing(23, 23, 30), _beijing(24, 8, 0)),
        (_beijing(24, 0, 0), _beijing(24, 8, 0)),
        (_beijing(24, 7, 59, 59), _beijing(24, 8, 0)),
        (_beijing(24, 8, 0), None),
        (_beijing(24, 12, 0), None),
    ],
)
def test_quiet_hours_run_from_nine_at_night_to_eight_in_the_morning_beijing_time(moment, end):
    assert NIGHT.end_if_inside(moment) == end
    assert NIGHT.end_if_inside(moment.astimezone(timezone.utc)) == end


def test_quiet_hours_within_one_day_and_none_at_all():
    lunch = QuietHours(time(12, 0), time(13, 30), SHANGHAI)
    assert lunch.end_if_inside(_beijing(23, 12, 45)) == _beijing(23, 13, 30)
    assert lunch.end_if_inside(_beijing(23, 13, 30)) is None
    assert lunch.end_if_inside(_beijing(23, 11, 59)) is None
    assert QuietHours(time(0, 0), time(0, 0), SHANGHAI).end_if_inside(_beijing(23, 3, 0)) is None


@pytest.mark.parametrize("kind", [k for k in FollowUpKind if k not in NOT_QUIETED])
def test_a_nudge_due_at_night_waits_for_the_morning(kind):
    assert deferred_until(kind, _beijing(23, 22, 15), NIGHT) == _beijing(24, 8, 0)
    assert deferred_until(kind, _beijing(23, 9, 0), NIGHT) is None


@pytest.mark.parametrize("kind", [FollowUpKind.callback, FollowUpKind.report_filed])
def test_the_call_back_and_the_number_of_a_report_filed_late_are_not_held_at_night(kind):
    assert deferred_until(kind, _beijing(23, 22, 15), NIGHT) is None


def test_retries_wait_twice_as_long_each_time_up_to_a_cap():
    base = timedelta(minutes=1)
    assert [retry_delay(attempts, base) for attempts in (1, 2, 3, 4)] == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(minutes=8),
    ]
    assert retry_delay(30, base) == RETRY_CAP


NOW = _beijing(23, 12, 0)


@pytest.mark.parametrize(
    ("channel", "last_message", "expected"),
    [
        (Channel.web, None, Route.push),
        (Channel.rest, NOW - timedelta(minutes=1), Route.hold),
        (Channel.console, NOW - timedelta(minutes=1), Route.hold),
        (Channel.wechat, NOW - timedelta(hours=47, minutes=59), Route.push),
        (Channel.wechat, NOW - timedelta(hours=48), Route.hold),
        (Channel.wechat, None, Route.hold),
    ],
)
def test_only_the_web_chat_and_wechat_inside_its_48_hour_window_are_pushed_to(channel, last_message, expected):
    assert route(channel, last_message, NOW) == expected


@pytest.mark.parametrize(
    ("state", "wanted"),
    [
        (
            ClaimState(open=True, missing_materials=True, hospitalised=True),
            {FollowUpKind.materials_reminder, FollowUpKind.treatment_checkin},
        ),
        (ClaimState(open=True, missing_materials=False, hospitalised=True), {FollowUpKind.treatment_checkin}),
        (ClaimState(open=True, missing_materials=True, hospitalised=False), {FollowUpKind.materials_reminder}),
        (ClaimState(open=False, missing_materials=True, hospitalised=True), set()),
    ],
)
def test_an_open_claim_gets_reminders_while_papers_are_missing_or_someone_is_in_hospital(state, wanted):
    assert wanted_reminders(state) == wanted


def test_materials_are_asked_for_every_three_days_and_treatment_every_seven():
    assert next_reminder_at(FollowUpKind.materials_reminder, NOW) == NOW + timedelta(days=3)
    assert next_reminder_at(FollowUpKind.treatment_checkin, NOW) == NOW + timedelta(days=7)


def test_the_followup_intent_carries_id_kind_claim_and_for_status_news_the_status():
    assert followup_entities(7, FollowUpKind.status_change, "RPT20261123000001", {"status": "approved"}) == {
        "followup_id": "7",
        "followup_kind": "status_change",
        "claim_number": "RPT20261123000001",
        "claim_status": "approved",
        "status_news": "赔偿金额已经核定。双方达成赔偿协议后，赔款一般在10日内支付。",
    }
    assert followup_entities(8, FollowUpKind.callback, None, {"status": "approved"}) == {
        "followup_id": "8",
        "followup_kind": "callback",
    }
    assert followup_entities(9, FollowUpKind.materials_reminder, None, {"claim_number": "RPT20261123000002"}) == {
        "followup_id": "9",
        "followup_kind": "materials_reminder",
        "claim_number": "RPT20261123000002",
    }
