"""A new session keeps what was said, and a returning claimant with a claim is offered its progress in one tap."""

import pytest
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.session import ActionSessionStart
from tests.actions.conftest import make_tracker, said, shown

PROGRESS_BUTTONS = [{"title": "查进度", "payload": "查进度"}]


async def start_session(slots):
    dispatcher = CollectingDispatcher()
    events = await ActionSessionStart().run(dispatcher, make_tracker("claimant-session", slots, ""), {})
    return dispatcher.messages, events


@pytest.mark.asyncio
async def test_a_returning_claimant_is_greeted_and_offered_the_progress():
    messages, events = await start_session({"claim_number": "RPT20261202000001", "phone": "13812345678"})
    assert said(messages) == [
        "您好，欢迎回来。您之前的报案号是 RPT20261202000001。想看理赔进度，点一下“查进度”就行；有别的事，直接告诉我。"
    ]
    assert shown(messages)[0]["buttons"] == PROGRESS_BUTTONS
    assert events == [
        SessionStarted(),
        SlotSet("claim_number", "RPT20261202000001"),
        SlotSet("phone", "13812345678"),
        ActionExecuted("action_listen"),
    ]


@pytest.mark.asyncio
async def test_a_new_claimant_starts_without_a_greeting():
    messages, events = await start_session({"claim_number": None})
    assert messages == []
    assert events == [SessionStarted(), ActionExecuted("action_listen")]
