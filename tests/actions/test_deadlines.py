"""The 48-hour notice answer, computed by the real claims API."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.deadlines import ActionExplainReportDeadline, describe_notice_deadline, latest_moment
from tests.actions.conftest import load_tracker, response_text, said
from tests.conftest import free_port

ACCIDENT = "2026-11-22T20:00:00+08:00"
ASK_ACCIDENT_TIME = response_text("utter_deadline_needs_time")
API_UNAVAILABLE = response_text("utter_deadline_down")


def told(accident_time, deadline):
    """What the claimant is told against the 48-hour notice term."""
    response, values = describe_notice_deadline(accident_time, deadline)
    return response_text(response, **values)


def test_time_left_is_told_in_whole_hours():
    deadline = {"status": "open", "due_at": "2026-11-24T20:00:00+08:00", "remaining_hours": 33.6}
    assert told(ACCIDENT, deadline) == (
        "按您说的事故时间（11月22日20:00），保单约定的48小时通知期限到11月24日20:00，"
        "还剩大约33小时。请尽快给保险公司打电话报案。"
    )


def test_a_late_report_is_never_called_refused():
    deadline = {"status": "overdue", "due_at": "2026-11-24T20:00:00+08:00", "remaining_hours": -5}
    assert told(ACCIDENT, deadline) == (
        "按您说的事故时间（11月22日20:00），保单约定的48小时通知期限已经在11月24日20:00到期了。"
        "晚报不等于拒赔，请现在就给保险公司打电话报案，并说明晚报的原因。"
    )


def test_an_accident_of_which_only_the_day_is_known_is_told_the_latest_end_and_no_hours():
    assert latest_moment("2026-11-22T00:00:00+08:00") == "2026-11-22T23:59:59+08:00"
    assert latest_moment(ACCIDENT) == ACCIDENT
    due = "2026-11-24T23:59:59+08:00"
    assert told("2026-11-22T00:00:00+08:00", {"status": "open", "due_at": due, "remaining_hours": 30}) == (
        "按您说的事故日期（11月22日），保单约定的48小时通知期限最晚到11月24日23:59；具体还剩多久，要看事故发生在那天的几点。"
        "请尽快给保险公司打电话报案。"
    )
    assert told("2026-11-22T00:00:00+08:00", {"status": "overdue", "due_at": due, "remaining_hours": -5}) == (
        "按您说的事故日期（11月22日），保单约定的48小时通知期限最晚在11月24日23:59也已经到期了。"
        "晚报不等于拒赔，请现在就给保险公司打电话报案，并说明晚报的原因。"
    )


@pytest.mark.asyncio
async def test_without_an_accident_time_the_action_asks_for_it():
    dispatcher = CollectingDispatcher()
    events = await ActionExplainReportDeadline().run(dispatcher, load_tracker("tracker_deadline_without_time"), {})
    assert said(dispatcher.messages) == [ASK_ACCIDENT_TIME]
    assert events == [SlotSet("awaiting_accident_time", True)]


@pytest.mark.asyncio
async def test_with_an_accident_time_the_api_computes_the_time_left(claims_api_url, monkeypatch):
    monkeypatch.setenv("CLAIMS_API_URL", claims_api_url)
    accident = (datetime.now(ZoneInfo("Asia/Shanghai")) - timedelta(hours=10, minutes=30)).replace(microsecond=0)
    tracker = load_tracker("tracker_deadline_with_time")
    tracker.slots["accident_time"] = accident.isoformat()
    dispatcher = CollectingDispatcher()

    events = await ActionExplainReportDeadline().run(dispatcher, tracker, {})

    due = accident + timedelta(hours=48)
    assert said(dispatcher.messages) == [
        f"按您说的事故时间（{accident.month}月{accident.day}日{accident:%H:%M}），保单约定的48小时通知期限到"
        f"{due.month}月{due.day}日{due:%H:%M}，还剩大约37小时。请尽快给保险公司打电话报案。"
    ]
    assert events == [SlotSet("awaiting_accident_time", False)]


@pytest.mark.asyncio
async def test_when_the_api_is_down_the_claimant_still_gets_a_kind_answer(monkeypatch):
    monkeypatch.setenv("CLAIMS_API_URL", f"http://127.0.0.1:{free_port()}")
    dispatcher = CollectingDispatcher()
    events = await ActionExplainReportDeadline().run(dispatcher, load_tracker("tracker_deadline_with_time"), {})
    assert said(dispatcher.messages) == [API_UNAVAILABLE]
    assert events == [SlotSet("awaiting_accident_time", False)]
