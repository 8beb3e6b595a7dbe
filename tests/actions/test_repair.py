"""Repairing a report form: help instead of a third question, skip, pause, "再说一遍", corrections, odd times."""

from datetime import datetime, timedelta

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.deadlines import SHANGHAI
from actions.reporting import (
    REPORT_QUESTIONS,
    REPORT_SLOTS,
    ActionCorrectReport,
    ValidateReportForm,
    spoken_time,
)
from tests.actions.conftest import load_domain, load_tracker, response_text, said, shown

REASK_PLATE = response_text("utter_reask_plate_number")
REASK_YES_NO = response_text("utter_reask_yes_no")
REASK_TIME_AFTER_NO = response_text("utter_reask_accident_time_after_no")
OFFER_SKIP = "这一项不清楚也没关系，回复“不清楚”就先跳过，后面想起来再告诉我；也可以找人工理赔员帮您。"
OFFER_HUMAN = "实在不好回答的话，也可以找人工理赔员帮您。"
SKIP_BUTTON = {"title": "不清楚，先跳过", "payload": "不清楚"}
HUMAN_BUTTON = {"title": "找人工理赔员", "payload": "转人工"}

YESTERDAY_NINE_PM = "2026-11-30T21:00:00+08:00"


def form_turn(text, requested, filled=None, extracted=None, intent="inform"):
    """A report_form turn: the form asked for `requested`, the claimant said `text`, which set `extracted`."""
    extracted = {requested: text} if extracted is None else extracted
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}
    slots = {slot: None for slot in REPORT_SLOTS}
    slots.update(failed_answers=0, proposed_accident_time=None, requested_slot=requested)
    slots.update(filled or {})
    slots.update(extracted)
    events = [
        {"event": "action", "name": "report_form"},
        {"event": "slot", "name": "requested_slot", "value": requested},
        {"event": "slot", "name": "failed_answers", "value": slots["failed_answers"]},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "parse_data": message, "input_channel": "rest"},
        {"event": "action", "name": "action_extract_slots"},
        *({"event": "slot", "name": slot, "value": value} for slot, value in extracted.items()),
    ]
    return Tracker("claimant-repair", slots, message, events, False, None, {"name": "report_form"}, "action_listen")


async def validate(tracker):
    dispatcher = CollectingDispatcher()
    events = await ValidateReportForm().run(dispatcher, tracker, load_domain())
    return dispatcher.messages, events


async def ask(slot, tracker, events):
    """What the form's question for `slot` says after the validation's events."""
    for event in events:
        tracker.events.append(event)
    question = next(q for q in REPORT_QUESTIONS if q.slot == slot)()
    dispatcher = CollectingDispatcher()
    await question.run(dispatcher, tracker, load_domain())
    return said(dispatcher.messages)


@pytest.mark.asyncio
async def test_a_second_wrong_plate_gets_help_and_a_way_to_skip_instead_of_the_same_question():
    tracker = form_turn("苏A1234", "plate_number", filled={"failed_answers": 1})
    messages, events = await validate(tracker)
    assert said(messages) == [f"{REASK_PLATE}\n{OFFER_SKIP}"]
    assert shown(messages)[0]["buttons"] == [SKIP_BUTTON, HUMAN_BUTTON]
    assert events == [SlotSet("failed_answers", 2), SlotSet("plate_number", None)]
    assert await ask("plate_number", tracker, events) == []


@pytest.mark.asyncio
async def test_the_first_wrong_plate_is_asked_again():
    tracker = form_turn("苏A1234", "plate_number")
    messages, events = await validate(tracker)
    assert said(messages) == [REASK_PLATE]
    assert await ask("plate_number", tracker, events) == [
        "出事车辆的车牌号是多少？比如“苏A12345”。没看清的话，回复“不清楚”。"
    ]


@pytest.mark.asyncio
async def test_a_failure_at_another_question_earlier_does_not_count():
    tracker = form_turn("苏A1234", "plate_number", filled={"failed_answers": 1})
    failed_at_the_time = [
        {"event": "slot", "name": "requested_slot", "value": "accident_time"},
        {"event": "slot", "name": "failed_answers", "value": 1},
    ]
    tracker.events[:3] = [*failed_at_the_time, {"event": "slot", "name": "requested_slot", "value": "plate_number"}]
    messages, events = await validate(tracker)
    assert said(messages) == [REASK_PLATE]
    assert events == [SlotSet("failed_answers", 1), SlotSet("plate_number", None)]


@pytest.mark.asyncio
async def test_a_yes_no_question_that_cannot_be_skipped_offers_a_person():
    messages, events = await validate(form_turn("大概吧", "police_reported", filled={"failed_answers": 1}))
    assert said(messages) == [f"{REASK_YES_NO}\n{OFFER_HUMAN}"]
    assert shown(messages)[0]["buttons"] == [HUMAN_BUTTON]


@pytest.mark.asyncio
@pytest.mark.parametrize("text", ["不清楚", "车牌我不记得了"])
async def test_an_unknown_plate_is_recorded_as_unknown_and_the_form_goes_on(text):
    messages, events = await validate(form_turn(text, "plate_number", filled={"failed_answers": 2}))
    assert messages == []
    assert events == [SlotSet("failed_answers", 0), SlotSet("plate_number", "不清楚")]


@pytest.mark.asyncio
async def test_a_pause_is_not_taken_as_the_description_and_the_question_comes_back():
    tracker = form_turn("等会儿，护士叫我", "accident_description")
    messages, events = await validate(tracker)
    assert said(messages) == ["好的，您先忙，回来接着说就行。"]
    assert events == [SlotSet("accident_description", None)]
    assert (await ask("accident_description", tracker, events))[0].startswith("请简单说一下事故经过")


@pytest.mark.asyncio
async def test_a_question_instead_of_the_description_is_answered():
    tracker = form_turn("稍等，那个材料都要准备啥？", "accident_description", intent="ask_required_materials")
    messages, events = await validate(tracker)
    assert [m["response"] for m in messages] == ["utter_required_materials"]
    assert events == [SlotSet("accident_description", None)]


@pytest.mark.asyncio
async def test_asking_to_hear_it_again_repeats_the_question():
    tracker = form_turn("再说一遍", "driver_name")
    messages, events = await validate(tracker)
    assert messages == []
    assert events == [SlotSet("driver_name", None)]
    assert await ask("driver_name", tracker, events) == [
        "出事时开车的驾驶员叫什么名字？如果是您自己开的，回复“我”就行。"
    ]


@pytest.mark.asyncio
async def test_a_correction_of_an_earlier_answer_while_the_form_runs():
    text = "不对，是前天晚上九点"
    tracker = form_turn(
        text,
        "plate_number",
        filled={"accident_time": "2026-11-30T21:00:00+08:00", "accident_place": "南京中山路", "driver_name": "王强"},
        extracted={"accident_time": "2026-11-29T21:00:00+08:00", "plate_number": text},
    )
    messages, events = await validate(tracker)
    assert said(messages) == ["好的，已经改过来了。"]
    assert events == [SlotSet("accident_time", "2026-11-29T21:00:00+08:00"), SlotSet("plate_number", None)]


@pytest.mark.asyncio
async def test_a_corrected_driver_while_the_form_asks_the_plate():
    text = "说错了，司机是李明"
    tracker = form_turn(text, "plate_number", filled={"driver_name": "王强"})
    messages, events = await validate(tracker)
    assert said(messages) == ["好的，已经改过来了。"]
    assert events == [SlotSet("plate_number", None), SlotSet("driver_name", "李明")]


def test_a_time_is_spoken_as_people_say_it():
    two_am = datetime(2026, 12, 2, 2, 0, tzinfo=SHANGHAI)
    assert spoken_time(datetime(2026, 12, 1, 15, 0, tzinfo=SHANGHAI), two_am) == "昨天（12月1日）下午三点"
    assert spoken_time(datetime(2025, 3, 2, 9, 30, tzinfo=SHANGHAI), two_am) == "2025年3月2日上午九点半"
    assert spoken_time(datetime(2026, 12, 2, 0, 5, tzinfo=SHANGHAI), two_am) == "今天（12月2日）凌晨十二点5分"
    assert spoken_time(datetime(2026, 11, 29, 0, 0, tzinfo=SHANGHAI), two_am) == "2026年11月29日"


@pytest.mark.asyncio
async def test_a_time_later_today_is_offered_as_yesterday_and_confirmed_in_words():
    now = datetime.now(SHANGHAI)
    later = (now + timedelta(hours=3)).replace(microsecond=0)
    yesterday = later - timedelta(days=1)
    tracker = form_turn(later.isoformat(), "accident_time", extracted={"accident_time": later.isoformat()})
    messages, events = await validate(tracker)
    assert said(messages) == [f"您是说{spoken_time(yesterday, now)}吗？"]
    assert shown(messages)[0]["buttons"] == [{"title": "是", "payload": "是"}, {"title": "否", "payload": "否"}]
    assert events == [SlotSet("proposed_accident_time", yesterday.isoformat()), SlotSet("accident_time", None)]
    assert await ask("accident_time", tracker, events) == []


@pytest.mark.asyncio
async def test_a_time_over_a_year_ago_is_confirmed_not_refused():
    old = "2024-05-01T08:00:00+08:00"
    messages, events = await validate(form_turn(old, "accident_time"))
    assert said(messages) == ["您是说2024年5月1日上午八点吗？"]
    assert events == [SlotSet("proposed_accident_time", old), SlotSet("accident_time", None)]


@pytest.mark.asyncio
async def test_yes_keeps_the_proposed_time():
    tracker = form_turn("对", "accident_time", filled={"proposed_accident_time": YESTERDAY_NINE_PM}, intent="affirm")
    messages, events = await validate(tracker)
    assert messages == []
    assert events == [SlotSet("proposed_accident_time", None), SlotSet("accident_time", YESTERDAY_NINE_PM)]


@pytest.mark.asyncio
async def test_no_asks_for_the_time_again():
    tracker = form_turn("不是", "accident_time", filled={"proposed_accident_time": YESTERDAY_NINE_PM}, intent="deny")
    messages, events = await validate(tracker)
    assert said(messages) == [REASK_TIME_AFTER_NO]
    assert events == [
        SlotSet("failed_answers", 1),
        SlotSet("proposed_accident_time", None),
        SlotSet("accident_time", None),
    ]


@pytest.mark.asyncio
async def test_a_time_corrected_at_the_summary_to_over_a_year_ago_is_shown_for_confirmation():
    tracker = load_tracker("tracker_report_correct_plate")
    tracker.latest_message = {"text": "时间不对，是2024年5月1日上午八点", "intent": {"name": "inform"}, "entities": []}
    tracker.events[-1] = {"event": "slot", "name": "accident_time", "value": "2024-05-01T08:00:00+08:00"}
    dispatcher = CollectingDispatcher()
    events = await ActionCorrectReport().run(dispatcher, tracker, {})
    assert said(dispatcher.messages)[0].startswith("已经改好了。请再核对一下：\n出险时间：2024年5月1日 08:00\n")
    assert events == [SlotSet("accident_time", "2024-05-01T08:00:00+08:00"), SlotSet("injury_severity", None)]


@pytest.mark.asyncio
async def test_a_free_answer_typed_in_traditional_characters_is_kept_as_the_nlu_normalised_it():
    tracker = form_turn("王強", "driver_name")
    tracker.latest_message["text"] = "王强"
    _, events = await validate(tracker)
    assert SlotSet("driver_name", "王强") in events
