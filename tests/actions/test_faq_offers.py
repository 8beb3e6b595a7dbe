"""A yes to the offer an FAQ answer ends with starts what the offer promised."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.faq_offers import ActionFollowFaqOffer, offer_of
from tests.actions.conftest import said


def yes_after(faq: str) -> Tracker:
    """A tracker where the claimant's question was answered with `faq` and the claimant then said "好的"."""
    question = {
        "text": "问题",
        "intent": {"name": "faq", "confidence": 0.9},
        "response_selector": {"faq": {"response": {"intent_response_key": faq}}},
    }
    yes = {"text": "好的", "intent": {"name": "affirm", "confidence": 1.0}, "entities": []}
    events = [
        {"event": "user", "text": "问题", "parse_data": question},
        {"event": "action", "name": "action_answer_faq"},
        {"event": "user", "text": "好的", "parse_data": yes},
    ]
    return Tracker("claimant-offer", {}, yes, events, False, None, {}, "action_listen")


async def followed(faq: str):
    dispatcher = CollectingDispatcher()
    events = await ActionFollowFaqOffer().run(dispatcher, yes_after(faq), {})
    return said(dispatcher.messages), events


@pytest.mark.asyncio
async def test_a_yes_to_working_out_the_death_compensation_starts_the_estimate_of_a_death():
    assert offer_of("faq/death_compensation") == "需要的话，我可以帮您按省份和年龄套一下公式。"
    assert await followed("faq/death_compensation") == (
        [],
        [SlotSet("mat_death", True), FollowupAction("settlement_form")],
    )


@pytest.mark.asyncio
async def test_a_yes_to_a_checklist_starts_the_materials_questions():
    assert await followed("faq/nursing_proof") == (
        ["要准备哪些材料，要看伤者的情况。我问您几个简单的问题，一次一个，然后给您列一份清单。"],
        [FollowupAction("materials_form")],
    )


@pytest.mark.asyncio
async def test_a_yes_to_what_only_a_person_can_do_hands_over():
    assert await followed("faq/regulator_hotline") == (
        ["好的。这一步要按您的具体情况来办，我请理赔员接着帮您。"],
        [FollowupAction("action_handoff")],
    )


@pytest.mark.asyncio
async def test_a_yes_after_an_answer_without_an_offer_asks_what_else():
    assert await followed("faq/slow_payment") == (["好的。还有其他想了解的吗？比如垫付、材料或者赔偿项目。"], [])
