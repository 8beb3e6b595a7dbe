"""Advance payment: the claimant is verified before an application is recorded with the real API."""

import httpx
import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.advance_payment import (
    ActionExplainAdvancePayment,
    ActionRequestAdvancePayment,
    ValidateAdvanceForm,
    check_amount,
)
from tests.actions.conftest import load_domain, load_tracker, make_tracker, response_text, said, shown
from tests.actions.test_status import NOT_MATCHED_FINAL, NOT_MATCHED_RETRY, OFFER_HUMAN_BUTTONS

NEXT_WITH_NOTICE = response_text("utter_advance_next_with_notice")
NEXT_WITHOUT_NOTICE = response_text("utter_advance_next_without_notice")
LIMIT_AND_FUND = response_text("utter_advance_limit_and_fund")

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
    return said(dispatcher.messages), events


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
    assert [(m["text"], m["buttons"]) for m in shown(dispatcher.messages)] == [(NOT_MATCHED_FINAL, OFFER_HUMAN_BUTTONS)]
    assert events == [SlotSet("verify_attempts", 0), SlotSet("claim_verification", "failed")]
    recorded = httpx.get(f"{claims_api_url}/api/v1/claims/{claim_number}/advance-payments", headers=SERVICE).json()
    assert recorded == []


@pytest.mark.asyncio
async def test_the_application_is_recorded_and_the_next_step_told(claim_number, claims_api_url):
    tracker = load_tracker("tracker_advance_complete")
    tracker.slots["claim_number"] = claim_number
    dispatcher = CollectingDispatcher()
    events = await ActionRequestAdvancePayment().run(dispatcher, tracker, {})
    assert said(dispatcher.messages) == [
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


async def explained(slots, text, entities=()):
    dispatcher = CollectingDispatcher()
    events = await ActionExplainAdvancePayment().run(
        dispatcher, make_tracker("claimant-advance", slots, text, "ask_advance_payment", entities), {}
    )
    assert events == []
    return [message["text"] or message["response"] for message in dispatcher.messages]


COMPULSORY_ENTITY = {"entity": "insurance_type", "value": "交强险"}


@pytest.mark.asyncio
async def test_the_advance_is_explained_with_the_liability_and_compulsory_insurance_said():
    assert await explained({"est_liability": "全责"}, "对方全责，有交强险，医院的钱谁先垫付", [COMPULSORY_ENTITY]) == [
        "肇事车有交强险，可以请它的保险公司垫付抢救费。机动车一方全责，属于有责，交强险按有责的医疗费用限额垫付（见下面第2条）。",
        "utter_advance_payment",
    ]


@pytest.mark.asyncio
async def test_a_refusal_to_advance_is_answered_for_whoever_refuses():
    assert await explained({}, "对方保险公司不给垫付") == [
        "保险公司不肯垫付的，可以这样办：先问清它不垫付的理由。交强险垫付抢救费，要有交警给保险公司的书面通知（垫付通知书）；"
        "还没有的，先到处理事故的交警队申请。有了通知书还不垫付，可以向保险公司投诉，或者拨打国家金融监督管理总局的热线12378。",
        "utter_advance_payment",
    ]
    assert await explained({"est_liability": "全责"}, "对方全责，车主不肯垫付医药费怎么办") == [
        "对方司机没有先垫钱的法定义务，不用跟他争。他的车有交强险的，可以直接找他的保险公司，在医疗费用限额内垫付抢救费。"
        "机动车一方全责，属于有责，交强险按有责的医疗费用限额垫付（见下面第2条）。",
        "utter_advance_payment",
    ]
    assert await explained({}, "交警不给开垫付通知书怎么办") == ["utter_advance_payment"]


@pytest.mark.asyncio
async def test_a_vehicle_not_at_fault_is_told_the_smaller_limit_and_the_fund():
    assert await explained({"est_liability": "无责"}, "交警说对方无责，医院的钱谁垫") == [
        "机动车一方无责，交强险只按无责的医疗费用限额垫付（见下面第2条），不够的部分可以申请救助基金。",
        "utter_advance_payment",
    ]


@pytest.mark.asyncio
async def test_without_compulsory_insurance_the_relief_fund_is_named_whatever_the_liability():
    said = "对方没买交强险，对方全责，谁先垫付医药费"
    assert await explained({"est_liability": "全责"}, said, [COMPULSORY_ENTITY]) == [
        "肇事车没有交强险，抢救费可以申请道路交通事故社会救助基金垫付。",
        "utter_advance_payment",
    ]


@pytest.mark.asyncio
async def test_with_no_facts_said_the_general_explanation_is_given():
    assert await explained({}, "谁先垫付医药费") == ["utter_advance_payment"]
