"""Claim status: nothing is shown before the claimant's phone matches; one retry, then a human is offered."""

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.status import ActionClaimStatus, ValidateStatusForm
from tests.actions.conftest import load_domain, load_tracker, response_text, said, shown
from tests.conftest import free_port

NOT_MATCHED_RETRY = response_text("utter_not_matched_retry")
NOT_MATCHED_FINAL = response_text("utter_not_matched_final")
OFFER_HUMAN_BUTTONS = [{"title": "好，转人工", "payload": "/affirm"}, {"title": "先不用", "payload": "/deny"}]
REASK_CLAIM_NUMBER = response_text("utter_reask_claim_number")
REASK_VERIFY_PHONE = response_text("utter_reask_verify_phone")
STATUS_DOWN = response_text("utter_status_down")


async def check_status(tracker):
    dispatcher = CollectingDispatcher()
    events = await ActionClaimStatus().run(dispatcher, tracker, {})
    return dispatcher.messages, events


@pytest.mark.asyncio
async def test_a_verified_claimant_hears_status_missing_papers_and_next_step(claim_number):
    tracker = load_tracker("tracker_status_check")
    tracker.slots["claim_number"] = claim_number
    messages, events = await check_status(tracker)
    text = said(messages)[0]
    assert text.startswith(
        f"您的案件（{claim_number}）现在的状态是：已报案。\n还需要补充这些材料：\n1. 伤者身份证或户口簿（复印件即可，原件备查。）\n"
    )
    assert text.endswith("\n我们已经收到您的报案，理赔人员会尽快与您联系，请保持电话畅通。")
    assert events == [
        SlotSet("verify_phone", None),
        SlotSet("verify_attempts", 0),
        SlotSet("claim_verification", "verified"),
    ]


@pytest.mark.asyncio
async def test_a_wrong_phone_reveals_nothing_and_is_tried_once_more(claim_number):
    tracker = load_tracker("tracker_status_check")
    tracker.slots.update(claim_number=claim_number, verify_phone="0000")
    messages, events = await check_status(tracker)
    assert said(messages) == [NOT_MATCHED_RETRY]
    assert events == [
        SlotSet("claim_number", None),
        SlotSet("verify_phone", None),
        SlotSet("verify_attempts", 1),
        SlotSet("claim_verification", "retry"),
    ]


@pytest.mark.asyncio
async def test_a_second_failure_offers_a_human(claim_number):
    tracker = load_tracker("tracker_status_second_try")
    tracker.slots.update(claim_number=claim_number, verify_phone="0000")
    messages, events = await check_status(tracker)
    assert [(m["text"], m["buttons"]) for m in shown(messages)] == [(NOT_MATCHED_FINAL, OFFER_HUMAN_BUTTONS)]
    assert events == [
        SlotSet("claim_number", None),
        SlotSet("verify_phone", None),
        SlotSet("verify_attempts", 0),
        SlotSet("claim_verification", "failed"),
    ]


@pytest.mark.asyncio
async def test_an_unknown_claim_gets_the_same_answer_as_a_wrong_phone(claims_api_url, monkeypatch):
    monkeypatch.setenv("CLAIMS_API_URL", claims_api_url)
    tracker = load_tracker("tracker_status_check")
    tracker.slots["claim_number"] = "RPT20200101999999"
    messages, _ = await check_status(tracker)
    assert said(messages) == [NOT_MATCHED_RETRY]


@pytest.mark.asyncio
async def test_when_the_api_is_down_the_claimant_is_told_kindly(monkeypatch):
    monkeypatch.setenv("CLAIMS_API_URL", f"http://127.0.0.1:{free_port()}")
    messages, events = await check_status(load_tracker("tracker_status_check"))
    assert said(messages) == [STATUS_DOWN]
    assert events == [SlotSet("verify_phone", None), SlotSet("claim_verification", "unavailable")]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "slot, answer, reply", [("claim_number", "RPT2026", REASK_CLAIM_NUMBER), ("verify_phone", "56", REASK_VERIFY_PHONE)]
)
async def test_badly_formed_answers_are_asked_again_with_the_format(slot, answer, reply):
    tracker = load_tracker("tracker_status_check")
    tracker.events.append({"event": "slot", "name": slot, "value": answer})
    tracker.active_loop = {"name": "status_form"}
    dispatcher = CollectingDispatcher()
    events = await ValidateStatusForm().run(dispatcher, tracker, load_domain())
    assert said(dispatcher.messages) == [reply]
    assert events == [SlotSet(slot, None)]
