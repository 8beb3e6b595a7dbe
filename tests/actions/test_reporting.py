"""Reporting an accident: the intake form's checks, the summary and corrections, the report to the real API."""

import re
from datetime import datetime, timedelta

import httpx
import pytest
from rasa_sdk.events import ActionExecuted, ConversationPaused, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.deadlines import SHANGHAI
from actions.outbox import HeldReport, held_reports
from actions.reporting import (
    REPORT_SLOTS,
    ActionCorrectReport,
    ActionReportSummary,
    ActionSubmitReport,
    ValidateReportForm,
    check_time,
    describe_notice,
    report_payload,
    summarise_report,
)
from tests.actions.conftest import load_domain, load_tracker, response_text, said, shown
from tests.conftest import free_port
from text_rules.corrections import corrected_facts, corrected_fields

REASK_PLATE = response_text("utter_reask_plate_number")
REASK_TIME = response_text("utter_reask_accident_time")
REASK_PHONE = response_text("utter_reask_phone")
ASK_CORRECTION = response_text("utter_ask_correction")
NOTICE_IN_TIME = response_text("utter_notice_in_time")
NOTICE_LATE = response_text("utter_notice_late")
SEVERE_HANDOFF = response_text("utter_severe_handoff")
REPORT_HELD = response_text("utter_report_held")
API_DOWN = response_text("utter_report_not_sent")
CONFIRM_BUTTONS = [{"title": "对，提交报案", "payload": "/affirm"}, {"title": "有要改的", "payload": "/deny"}]
RETRY_BUTTONS = [{"title": "再试一次", "payload": "/affirm"}]
SUMMARY = (
    "出险时间：2026年11月22日 20:00\n出险地点：南京中山路\n驾驶员：王强\n车牌号：{plate}\n事故经过：我在路口直行，被右边的车撞了\n"
    "是否报警：已报警\n伤者情况：我腿骨折了\n送医情况：已送南京鼓楼医院\n车辆损失：前保险杠撞坏了\n报案人：王强，电话 13812345678"
)


async def validate(name):
    dispatcher = CollectingDispatcher()
    events = await ValidateReportForm().run(dispatcher, load_tracker(name), load_domain())
    return dispatcher.messages, events


def service(url):
    return httpx.Client(base_url=url, headers={"X-Service-Key": "dev-service-key"})


@pytest.mark.asyncio
async def test_an_invalid_plate_is_reasked_with_the_expected_format():
    messages, events = await validate("tracker_report_plate_invalid")
    assert said(messages) == [REASK_PLATE]
    assert events == [SlotSet("failed_answers", 1), SlotSet("plate_number", None)]


@pytest.mark.asyncio
async def test_an_unknown_time_is_reasked_with_an_example():
    messages, events = await validate("tracker_report_time_unknown")
    assert said(messages) == [REASK_TIME]
    assert events == [SlotSet("failed_answers", 1), SlotSet("accident_time", None)]


@pytest.mark.asyncio
async def test_an_invalid_phone_is_reasked_with_the_expected_format():
    messages, events = await validate("tracker_report_phone_invalid")
    assert said(messages) == [REASK_PHONE]
    assert events == [SlotSet("failed_answers", 1), SlotSet("phone", None)]


@pytest.mark.asyncio
async def test_one_message_fills_time_and_place_at_once():
    messages, events = await validate("tracker_report_several_facts")
    assert messages == []
    assert events == [
        SlotSet("accident_time", "2026-11-22T20:00:00+08:00"),
        SlotSet("accident_place", "南京中山路"),
    ]


@pytest.mark.asyncio
async def test_without_injuries_the_hospital_questions_are_skipped():
    messages, events = await validate("tracker_report_no_injuries")
    assert messages == []
    assert events == [
        SlotSet("injuries", "无人受伤"),
        SlotSet("injury_severity", None),
        SlotSet("requested_slot", "vehicle_damage"),
    ]


@pytest.mark.asyncio
async def test_someone_badly_hurt_gets_the_safety_steps_before_the_next_question():
    messages, events = await validate("tracker_report_badly_hurt")
    assert [m["response"] for m in messages] == ["utter_emergency"]
    assert events == [SlotSet("injuries", "我朋友昏迷了，流了很多血"), SlotSet("injury_severity", "critical")]


def test_a_time_in_the_future_is_refused():
    day_after_tomorrow = (datetime.now(SHANGHAI) + timedelta(days=2)).isoformat()
    assert (
        check_time(day_after_tomorrow, load_tracker("tracker_report_time_unknown")).reply
        == "utter_future_accident_time"
    )


@pytest.mark.asyncio
async def test_the_summary_lists_every_fact_and_asks_to_confirm():
    dispatcher = CollectingDispatcher()
    events = await ActionReportSummary().run(dispatcher, load_tracker("tracker_report_confirmed"), {})
    assert said(dispatcher.messages) == [
        "请核对一下我记下的内容：\n" + SUMMARY.format(plate="苏A12345") + "\n内容都对的话，我就为您提交报案。"
    ]
    assert shown(dispatcher.messages)[0]["buttons"] == CONFIRM_BUTTONS
    assert events == [SlotSet("report_confirming", True)]


@pytest.mark.asyncio
async def test_a_corrected_plate_updates_the_summary():
    dispatcher = CollectingDispatcher()
    events = await ActionCorrectReport().run(dispatcher, load_tracker("tracker_report_correct_plate"), {})
    assert said(dispatcher.messages) == [
        "已经改好了。请再核对一下：\n" + SUMMARY.format(plate="苏A54321") + "\n内容都对的话，我就为您提交报案。"
    ]
    assert events == [SlotSet("plate_number", "苏A54321"), SlotSet("injury_severity", None)]


@pytest.mark.asyncio
async def test_a_corrected_driver_is_read_from_the_words():
    dispatcher = CollectingDispatcher()
    events = await ActionCorrectReport().run(dispatcher, load_tracker("tracker_report_correct_driver"), {})
    assert said(dispatcher.messages)[0].startswith(
        "已经改好了。请再核对一下：\n出险时间：2026年11月22日 20:00\n出险地点：南京中山路\n驾驶员：李明\n"
    )
    assert events == [SlotSet("driver_name", "李明"), SlotSet("injury_severity", None)]


@pytest.mark.asyncio
async def test_a_bare_no_asks_what_to_change():
    dispatcher = CollectingDispatcher()
    events = await ActionCorrectReport().run(dispatcher, load_tracker("tracker_report_correct_unclear"), {})
    assert said(dispatcher.messages) == [ASK_CORRECTION]
    assert events == []


def test_yes_no_facts_are_corrected_in_words():
    assert corrected_facts("没报警") == {"police_reported": False}
    assert corrected_facts("其实报警了") == {"police_reported": True}
    assert corrected_facts("没有人受伤") == {"injuries": "无人受伤"}
    assert corrected_facts("伤者没送医院") == {"taken_to_hospital": False}
    assert corrected_facts("报警了吗") == {}
    assert corrected_facts("没有") == {}


@pytest.mark.asyncio
async def test_a_fact_corrected_in_words_updates_the_summary():
    tracker = load_tracker("tracker_report_confirmed")
    tracker.latest_message = {"text": "其实没报警", "intent": {"name": "deny", "confidence": 0.9}, "entities": []}
    dispatcher = CollectingDispatcher()
    events = await ActionCorrectReport().run(dispatcher, tracker, {})
    assert said(dispatcher.messages) == [
        "已经改好了。请再核对一下：\n"
        + SUMMARY.format(plate="苏A12345").replace("已报警", "还没报警")
        + "\n内容都对的话，我就为您提交报案。"
    ]
    assert events == [SlotSet("police_reported", False), SlotSet("injury_severity", None)]


@pytest.mark.asyncio
async def test_a_yes_that_changes_a_fact_corrects_instead_of_submitting(monkeypatch):
    monkeypatch.setenv("CLAIMS_API_URL", f"http://127.0.0.1:{free_port()}")
    tracker = load_tracker("tracker_report_confirmed")
    tracker.latest_message = {"text": "对，没有人受伤", "intent": {"name": "affirm", "confidence": 0.9}, "entities": []}
    dispatcher = CollectingDispatcher()
    events = await ActionSubmitReport().run(dispatcher, tracker, {})
    assert said(dispatcher.messages)[0].startswith("已经改好了。请再核对一下：")
    assert "伤者情况：无人受伤" in said(dispatcher.messages)[0] and "送医情况" not in said(dispatcher.messages)[0]
    assert events == [SlotSet("injuries", "无人受伤"), SlotSet("injury_severity", None)]


def test_the_report_carries_the_case_facts_and_the_injured_party():
    tracker = load_tracker("tracker_report_confirmed")
    tracker.slots["injury_severity"] = "critical"
    payload = report_payload({slot: tracker.get_slot(slot) for slot in REPORT_SLOTS}, tracker)
    assert payload["facts"] == {"inpatient": True, "death": False}
    assert payload["injured_parties"] == [{"hospitalised": True, "notes": "我腿骨折了", "severity": "critical"}]
    assert payload["description"] == "我在路口直行，被右边的车撞了；伤情：我腿骨折了"


def test_corrections_are_found_by_the_field_they_name():
    assert corrected_fields("地点不对，应该是南京北京路") == {"accident_place": "南京北京路"}
    assert corrected_fields("我叫李红") == {"reporter_name": "李红"}
    assert corrected_fields("好的") == {}


def test_a_late_report_is_never_called_refused():
    responses = describe_notice(
        [{"code": "insurer_notice_48h", "status": "overdue"}, {"code": "police_report", "status": "done"}]
    )
    assert responses == ["utter_notice_late"]
    assert "拒赔" in NOTICE_LATE and "不等于拒赔" in NOTICE_LATE


UNINJURED_REPORT = {
    "accident_time": "2026-11-22T20:00:00+08:00",
    "accident_place": "南京中山路",
    "driver_name": "王强",
    "plate_number": "不清楚",
    "accident_description": "倒车刮了",
    "police_reported": False,
    "injuries": "无人受伤",
    "vehicle_damage": "没有明显损坏",
    "reporter_name": "王强",
    "phone": "13812345678",
}


def test_the_summary_of_a_report_without_injuries_has_no_hospital_line():
    assert "送医情况" not in summarise_report(UNINJURED_REPORT)


def test_an_accident_time_that_gives_only_the_day_is_summarised_without_a_clock():
    summary = summarise_report(dict(UNINJURED_REPORT, accident_time="2026-12-01T00:00:00+08:00"))
    assert "出险时间：2026年12月1日" in summary.splitlines()


@pytest.mark.parametrize(("accident_time", "line"), [(None, "出险时间：还没说"), ("昨天晚上", "出险时间：昨天晚上")])
def test_the_summary_survives_a_time_that_was_never_validated(accident_time, line):
    summary = summarise_report(dict(UNINJURED_REPORT, accident_time=accident_time))
    assert line in summary.splitlines()


@pytest.mark.asyncio
async def test_a_confirmed_report_is_recorded_with_every_fact_and_a_callback(claims_api_url, monkeypatch):
    monkeypatch.setenv("CLAIMS_API_URL", claims_api_url)
    tracker = load_tracker("tracker_report_confirmed")
    recent = (datetime.now(SHANGHAI) - timedelta(hours=2)).replace(microsecond=0)
    tracker.slots["accident_time"] = recent.isoformat()
    dispatcher = CollectingDispatcher()

    events = await ActionSubmitReport().run(dispatcher, tracker, {})

    claim_number = events[0]["value"]
    assert events == [SlotSet("claim_number", claim_number), SlotSet("report_confirming", False)]
    assert said(dispatcher.messages) == [
        f"报案已经提交，报案号是 {claim_number}。请把它记下来，查进度、交材料、申请垫付都要用。",
        NOTICE_IN_TIME,
        "接下来：\n1. 理赔人员会在10分钟左右给您回电话（尾号5678），请保持电话畅通。"
        "\n2. 请保管好病历、诊断证明和医疗费发票原件，要准备哪些材料，随时问我。"
        "\n3. 医院催着交费的，可以问我怎么申请垫付。",
    ]
    with service(claims_api_url) as api:
        claim = api.get(f"/api/v1/claims/{claim_number}").json()
        followups = api.get("/api/v1/followups", params={"claim_number": claim_number}).json()["items"]
    assert {
        k: claim[k]
        for k in (
            "accident_place",
            "plate_number",
            "driver_name",
            "reporter_name",
            "reporter_phone",
            "description",
            "police_reported",
            "has_injuries",
            "injured_taken_to_hospital",
            "hospital",
            "vehicle_damage",
            "channel",
            "conversation_id",
        )
    } == {
        "accident_place": "南京中山路",
        "plate_number": "苏A12345",
        "driver_name": "王强",
        "reporter_name": "王强",
        "reporter_phone": "13812345678",
        "description": "我在路口直行，被右边的车撞了；伤情：我腿骨折了",
        "police_reported": True,
        "has_injuries": True,
        "injured_taken_to_hospital": True,
        "hospital": "南京鼓楼医院",
        "vehicle_damage": "前保险杠撞坏了",
        "channel": "rest",
        "conversation_id": "e2e-report-action",
    }
    assert (claim["facts"]["inpatient"], claim["facts"]["death"]) == (True, False)
    assert [(p["name"], p["notes"], p["hospitalised"]) for p in claim["injured_parties"]] == [
        (None, "我腿骨折了", True)
    ]
    assert datetime.fromisoformat(claim["accident_time"].replace("Z", "+00:00")) == recent
    assert claim["report_id"] == confirmed_report(tracker)["report_id"]
    # The API adds the materials reminder (in three days) and, for a hospitalised party, the check-in (in seven).
    assert [(f["kind"], f["conversation_id"], f["payload"]) for f in followups] == [
        ("callback", "e2e-report-action", {"phone": "13812345678"}),
        ("materials_reminder", "e2e-report-action", {"claim_number": claim["claim_number"]}),
        ("treatment_checkin", "e2e-report-action", {"claim_number": claim["claim_number"]}),
    ]
    due = datetime.fromisoformat(followups[0]["due_at"].replace("Z", "+00:00"))
    assert timedelta(minutes=9) < due - datetime.now(SHANGHAI) <= timedelta(minutes=10)


@pytest.mark.asyncio
async def test_a_report_of_a_death_is_recorded_and_handed_to_a_person(claims_api_url, monkeypatch):
    monkeypatch.setenv("CLAIMS_API_URL", claims_api_url)
    tracker = load_tracker("tracker_report_confirmed")
    tracker.sender_id = "claimant-fatal"
    three_days_ago = datetime.now(SHANGHAI) - timedelta(days=3)
    tracker.slots.update(
        injuries="对方骑车的人当场去世了", injury_severity="fatal", accident_time=three_days_ago.isoformat()
    )
    dispatcher = CollectingDispatcher()

    events = await ActionSubmitReport().run(dispatcher, tracker, {})

    assert events[1:] == [SlotSet("report_confirming", False), ConversationPaused(), ActionExecuted("action_listen")]
    assert said(dispatcher.messages)[-1] == SEVERE_HANDOFF
    assert NOTICE_LATE in said(dispatcher.messages)
    with service(claims_api_url) as api:
        ticket = api.post(
            "/api/v1/handoffs",
            json={"conversation_id": "claimant-fatal", "channel": "web", "reason": "severe", "summary": "-"},
        ).json()
    assert (ticket["reason"], ticket["claim_number"]) == ("severe", events[0]["value"])


def confirmed_report(tracker):
    return report_payload({slot: tracker.get_slot(slot) for slot in REPORT_SLOTS}, tracker)


@pytest.mark.asyncio
async def test_when_the_api_is_down_the_report_is_held_once_and_the_claimant_told_kindly(monkeypatch, tmp_path):
    monkeypatch.setenv("CLAIMS_API_URL", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("ACTIONS_OUTBOX_DB", str(tmp_path / "outbox.db"))
    tracker = load_tracker("tracker_report_confirmed")

    for _ in range(2):  # the claimant taps 确认 twice
        dispatcher = CollectingDispatcher()
        events = await ActionSubmitReport().run(dispatcher, tracker, {})
        assert [(m["text"], m["buttons"]) for m in shown(dispatcher.messages)] == [
            (
                "抱歉，理赔系统暂时连不上。您的报案内容已经保存好了，一项都不会丢。"
                "系统恢复后会自动提交，提交好了我马上把报案号发给您。情况紧急的话，也可以直接拨打保险公司的客服电话报案。",
                [],
            )
        ]
        assert events == [SlotSet("report_confirming", False)]

    report = confirmed_report(tracker)
    assert held_reports() == [HeldReport(report["report_id"], report)]
    assert REPORT_HELD == said(dispatcher.messages)[0]


@pytest.mark.asyncio
async def test_when_even_the_outbox_cannot_keep_the_report_a_retry_is_offered(monkeypatch, tmp_path):
    monkeypatch.setenv("CLAIMS_API_URL", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("ACTIONS_OUTBOX_DB", str(tmp_path))  # a folder: SQLite cannot open it
    dispatcher = CollectingDispatcher()
    events = await ActionSubmitReport().run(dispatcher, load_tracker("tracker_report_confirmed"), {})
    assert [(m["text"], m["buttons"]) for m in shown(dispatcher.messages)] == [(API_DOWN, RETRY_BUTTONS)]
    assert events == []


def test_the_report_id_is_the_same_for_the_same_report_of_the_same_conversation():
    tracker = load_tracker("tracker_report_confirmed")
    first, again = confirmed_report(tracker), confirmed_report(tracker)
    assert re.fullmatch(r"[0-9a-f]{64}", first["report_id"]) and again["report_id"] == first["report_id"]
    tracker.slots["plate_number"] = "苏A54321"
    assert confirmed_report(tracker)["report_id"] != first["report_id"]
    other = load_tracker("tracker_report_confirmed")
    other.sender_id = "another-claimant"
    assert confirmed_report(other)["report_id"] != first["report_id"]


@pytest.mark.asyncio
async def test_a_question_asked_instead_of_the_description_is_answered_and_the_form_asks_again():
    messages, events = await validate("tracker_report_question_as_answer")
    assert [m["response"] for m in messages] == ["utter_faq/drunk_driving"]
    assert events == [SlotSet("accident_description", None)]
