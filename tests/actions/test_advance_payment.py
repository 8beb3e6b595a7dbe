"""Advance payment: the claimant is verified before an application is recorded with the real API."""

import httpx
import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.advance_payment import (
    LIMIT_AND_FUND,
    NEXT_WITH_NOTICE,
    NEXT_WITHOUT_NOTICE,
    ActionRequestAdvancePayment,
    ValidateAdvanceForm,
    check_amount,
)
from actions.status import NOT_MATCHED_FINAL, NOT_MATCHED_RETRY, OFFER_HUMAN_BUTTONS
from tests.actions.conftest import load_domain, load_tracker

SERVICE = {"X-Service-Key": "dev-service-key"}


@pytest.mark.asyncio
async def test_the_right_phone_lets_the_application_go_on(claim_number):
    tracker = load_tracker("tracker_advance_phone")
    tracker.slots["claim_number"] = claim_number
    dispatcher = CollectingDispatcher()
    events = await ValidateAdvanceForm().run(dispatcher, tracker, load_domain())
    assert dispatcher.messages == []
    assert events == [SlotSet("verify_phone", "5678"), SlotSet("verify_attempts", 0)]


async def validate_wrong_phone(claim_number, attempts_before):
    tracker = load_tracker("tracker_advance_phone")
    tracker.slots.update(claim_number=claim_number, verify_phone="0000", verify_attempts=attempts_before)
    tracker.events[-1]["value"] = "0000"
    dispatcher = CollectingDispatcher()
    events = await ValidateAdvanceForm().run(dispatcher, tracker, load_domain())
    return [m["text"] for m in dispatcher.messages], events


@pytest.mark.asyncio
async def test_a_first_wrong_phone_clears_the_claim_and_asks_again(claim_number):
    texts, events = await validate_wrong_phone(claim_number, None)
    assert texts == [NOT_MATCHED_RETRY]
    assert events == [
        SlotSet("verify_phone", "0000"),
        SlotSet("claim_number", None),
        SlotSet("verify_phone", None),
        SlotSet("verify_attempts", 1),
    ]


@pytest.mark.asyncio
async def test_a_second_wrong_phone_ends_the_form(claim_number):
    texts, events = await validate_wrong_phone(claim_number, 1)
    assert texts == []
    assert events == [
        SlotSet("verify_phone", "0000"),
        SlotSet("claim_number", None),
        SlotSet("verify_phone", None),
        SlotSet("verify_attempts", 2),
        SlotSet("requested_slot", None),
    ]


@pytest.mark.asyncio
async def test_after_two_failed_checks_a_human_is_offered_and_nothing_is_recorded(claim_number, claims_api_url):
    tracker = load_tracker("tracker_advance_complete")
    tracker.slots.update(claim_number=None, verify_phone=None, verify_attempts=2)
    dispatcher = CollectingDispatcher()
    events = await ActionRequestAdvancePayment().run(dispatcher, tracker, {})
    assert [(m["text"], m["buttons"]) for m in dispatcher.messages] == [(NOT_MATCHED_FINAL, OFFER_HUMAN_BUTTONS)]
    assert events == [SlotSet("verify_attempts", 0), SlotSet("claim_verification", "failed")]
    recorded = httpx.get(f"{claims_api_url}/api/v1/claims/{claim_number}/advance-payments", headers=SERVICE).json()
    assert recorded == []


@pytest.mark.asyncio
async def test_the_application_is_recorded_and_the_next_step_told(claim_number, claims_api_url):
    tracker = load_tracker("tracker_advance_complete")
    tracker.slots["claim_number"] = claim_number
    dispatcher = CollectingDispatcher()
    events = await ActionRequestAdvancePayment().run(dispatcher, tracker, {})
    assert [m["text"] for m in dispatcher.messages] == [
        "垫付申请已经记下了：南京鼓楼医院，申请金额20,000元。这是申请金额，最终垫付多少，要由保险公司审核后确定。",
        NEXT_WITHOUT_NOTICE,
        LIMIT_AND_FUND,
    ]
    assert events == [
        SlotSet("verify_phone", None),
        SlotSet("advance_amount", None),
        SlotSet("police_notice", None),
        SlotSet("claim_verification", "verified"),
    ]
    recorded = httpx.get(f"{claims_api_url}/api/v1/claims/{claim_number}/advance-payments", headers=SERVICE).json()
    assert [(r["hospital"], r["amount_requested"], r["police_notice"], r["status"]) for r in recorded] == [
        ("南京鼓楼医院", "20000.00", False, "submitted")
    ]
    assert "救助基金" in LIMIT_AND_FUND and "审核" in NEXT_WITH_NOTICE


def test_amounts_are_read_from_the_entity_or_plain_digits():
    assert check_amount(20000, None).value == 20000
    assert check_amount("15000元", None).value == 15000
    assert check_amount("不知道", None).value is None
