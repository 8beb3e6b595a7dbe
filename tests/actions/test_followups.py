"""Follow-ups: each kind of nudge in words, and the 48-hour reminder scheduled when a report stops early."""

from datetime import datetime, timedelta

import httpx
import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.deadlines import SHANGHAI
from actions.followups import (
    ActionDeliverFollowup,
    ActionRemindNotice,
    notice_reminder_due,
)
from tests.actions.conftest import make_tracker, response_text, said, shown
from tests.conftest import free_port

SERVICE = {"X-Service-Key": "dev-service-key"}
MATERIALS_UNKNOWN = response_text("utter_materials_reminder_unknown")
NOTICE_OFFER = response_text("utter_offer_report_now")
NOTICE_OFFER_BUTTONS = [{"title": "现在报案", "payload": "我要报案"}]
TREATMENT_CHECKIN = response_text("utter_treatment_checkin")


def followup(kind, slots=None, active_loop=None, **entities):
    """A tracker whose latest message is the follow-up worker's EXTERNAL_followup."""
    values = {"followup_id": "7", "followup_kind": kind, **entities}
    return make_tracker(
        "claimant-followup",
        slots or {},
        "EXTERNAL: EXTERNAL_followup",
        intent="EXTERNAL_followup",
        entities=[{"entity": name, "value": value} for name, value in values.items()],
        active_loop=active_loop,
    )


async def deliver(tracker):
    dispatcher = CollectingDispatcher()
    events = await ActionDeliverFollowup().run(dispatcher, tracker, {})
    assert events == []
    return dispatcher.messages


@pytest.mark.asyncio
async def test_a_callback_nudge_names_the_phone_to_watch():
    messages = await deliver(followup("callback", {"phone": "13812345678"}))
    assert said(messages) == [
        "您好，我们的理赔员会尽快给您回电，请留意电话（尾号5678）。有着急的事，也可以直接在这里告诉我。"
    ]


@pytest.mark.asyncio
async def test_a_report_filed_late_gives_the_claim_number_and_remembers_it():
    dispatcher = CollectingDispatcher()
    tracker = followup("report_filed", {"phone": "13812345678"}, claim_number="RPT20261123000042")

    events = await ActionDeliverFollowup().run(dispatcher, tracker, {})

    assert said(dispatcher.messages) == [
        "您之前的报案已经提交成功，报案号是 RPT20261123000042。请把它记下来，查进度、交材料、申请垫付都要用。"
        "理赔人员会尽快给您打电话（尾号5678），请保持电话畅通。"
    ]
    assert events == [SlotSet("claim_number", "RPT20261123000042")]


@pytest.mark.asyncio
async def test_a_notice_reminder_gives_the_deadline_says_late_is_not_refused_and_offers_to_report():
    messages = await deliver(followup("notice_reminder", {"accident_time": "2026-11-22T20:00:00+08:00"}))
    assert [(m["text"], m["buttons"]) for m in shown(messages)] == [
        (
            "提醒您一下：出了事故要及时通知保险公司。很多商业险保单约定在事故后48小时内通知（按您说的事故时间，是到11月24日20:00）。"
            "这是保单里的约定，晚一点报并不等于自动拒赔，但越早报越好。",
            [],
        ),
        (NOTICE_OFFER, NOTICE_OFFER_BUTTONS),
    ]


@pytest.mark.asyncio
async def test_inside_a_form_the_notice_reminder_leaves_the_question_to_the_form():
    messages = await deliver(followup("notice_reminder", active_loop="report_form"))
    assert said(messages) == [
        "提醒您一下：出了事故要及时通知保险公司。很多商业险保单约定在事故后48小时内通知。"
        "这是保单里的约定，晚一点报并不等于自动拒赔，但越早报越好。"
    ]


@pytest.mark.asyncio
async def test_a_materials_reminder_lists_what_the_claim_still_lacks(claim_number, claims_api_url):
    with httpx.Client(base_url=claims_api_url, headers=SERVICE) as api:
        assert (
            api.post(f"/api/v1/claims/{claim_number}/materials/victim_id", json={"status": "received"}).status_code
            == 200
        )
        checklist = api.get(f"/api/v1/claims/{claim_number}/materials").json()
    missing = [m for m in checklist if m["status"] == "required"]
    messages = await deliver(followup("materials_reminder", claim_number=claim_number))
    assert said(messages) == [
        f"提醒您补一下材料：案件（{claim_number}）还差这些：\n"
        + "\n".join(f"{i}. {m['name']}（{m['note']}）" for i, m in enumerate(missing, 1))
        + "\n材料齐了，理赔才能接着往下走。哪一样不知道去哪里开，随时问我。"
    ]
    assert (
        "伤者身份证或户口簿" not in said(messages)[0]
        and "1. 被保险人身份证（向保险公司索赔时需要。）" in said(messages)[0]
    )


@pytest.mark.asyncio
async def test_a_materials_reminder_without_the_api_points_to_the_status_check(monkeypatch):
    monkeypatch.setenv("CLAIMS_API_URL", f"http://127.0.0.1:{free_port()}")
    messages = await deliver(followup("materials_reminder", claim_number="RPT20261123000001"))
    assert said(messages) == [MATERIALS_UNKNOWN]


@pytest.mark.asyncio
async def test_a_status_change_is_told_in_the_claims_apis_words():
    messages = await deliver(
        followup(
            "status_change",
            claim_number="RPT20261123000001",
            claim_status="approved",
            status_news="赔偿金额已经核定。双方达成赔偿协议后，赔款一般在10日内支付。",
        )
    )
    assert said(messages) == [
        "您的案件（RPT20261123000001）有新进展：赔偿金额已经核定。双方达成赔偿协议后，赔款一般在10日内支付。"
    ]


@pytest.mark.asyncio
async def test_a_treatment_checkin_asks_how_it_goes_and_to_keep_the_receipts():
    messages = await deliver(followup("treatment_checkin"))
    assert said(messages) == [TREATMENT_CHECKIN]
    assert "病历" in TREATMENT_CHECKIN and TREATMENT_CHECKIN.count("？") == 1


@pytest.mark.asyncio
async def test_an_unknown_kind_says_nothing():
    assert await deliver(followup("birthday")) == []


def test_the_reminder_comes_twelve_hours_before_the_48_hours_run_out_or_within_the_hour():
    now = datetime(2026, 11, 23, 12, 0, tzinfo=SHANGHAI)
    assert notice_reminder_due(now - timedelta(hours=2), now) == now + timedelta(hours=34)
    assert notice_reminder_due(now - timedelta(hours=40), now) == now + timedelta(hours=1)
    assert notice_reminder_due(now - timedelta(hours=47, minutes=30), now) is None


def report_left(sender, accident_time):
    return make_tracker(sender, {"accident_time": accident_time.isoformat()}, "算了", intent="cancel")


@pytest.mark.asyncio
async def test_a_report_left_before_submitting_schedules_the_notice_reminder(claims_api_url, monkeypatch):
    monkeypatch.setenv("CLAIMS_API_URL", claims_api_url)
    accident = (datetime.now(SHANGHAI) - timedelta(hours=2)).replace(second=0, microsecond=0)
    dispatcher = CollectingDispatcher()
    assert await ActionRemindNotice().run(dispatcher, report_left("claimant-left-report", accident), {}) == []
    due, end = accident + timedelta(hours=36), accident + timedelta(hours=48)
    assert said(dispatcher.messages) == [
        f"如果您还没通知保险公司，我会在{due.month}月{due.day}日{due:%H:%M}提醒您一次：很多商业险保单约定事故后48小时内通知，"
        f"按您说的事故时间是到{end.month}月{end.day}日{end:%H:%M}。不需要提醒的话，说“别再提醒我了”就行。"
    ]
    followups = httpx.get(
        f"{claims_api_url}/api/v1/followups", headers=SERVICE, params={"conversation_id": "claimant-left-report"}
    ).json()["items"]
    assert [(f["kind"], f["channel"], f["status"]) for f in followups] == [("notice_reminder", "rest", "scheduled")]
    assert datetime.fromisoformat(followups[0]["due_at"].replace("Z", "+00:00")) == due


@pytest.mark.asyncio
async def test_no_reminder_is_promised_to_a_conversation_that_opted_out(claims_api_url, monkeypatch):
    monkeypatch.setenv("CLAIMS_API_URL", claims_api_url)
    httpx.post(f"{claims_api_url}/api/v1/preferences/claimant-no-reminders/opt-out", headers=SERVICE).raise_for_status()
    dispatcher = CollectingDispatcher()
    accident = datetime.now(SHANGHAI) - timedelta(hours=2)
    assert await ActionRemindNotice().run(dispatcher, report_left("claimant-no-reminders", accident), {}) == []
    assert dispatcher.messages == []


@pytest.mark.asyncio
async def test_no_reminder_after_the_48_hours_or_without_an_accident_time(claims_api_url, monkeypatch):
    monkeypatch.setenv("CLAIMS_API_URL", claims_api_url)
    dispatcher = CollectingDispatcher()
    await ActionRemindNotice().run(
        dispatcher, report_left("claimant-late", datetime.now(SHANGHAI) - timedelta(days=3)), {}
    )
    await ActionRemindNotice().run(dispatcher, make_tracker("claimant-no-time", {}, "算了", intent="cancel"), {})
    assert dispatcher.messages == []
    for sender in ("claimant-late", "claimant-no-time"):
        assert (
            httpx.get(f"{claims_api_url}/api/v1/followups", headers=SERVICE, params={"conversation_id": sender}).json()[
                "items"
            ]
            == []
        )
