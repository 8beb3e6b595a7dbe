"""“再说一遍” outside a form: the last answer again, exactly as it was sent."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.repeat import ActionRepeatLast

DEADLINE = "交通事故要在48小时内报案。"
OFFER = {"title": "现在报案", "payload": "我要报案"}


def tracker_with(events):
    """A tracker whose latest message is "再说一遍", after `events`."""
    latest = {"text": "再说一遍", "intent": {"name": "repeat", "confidence": 1.0}, "entities": []}
    events = [*events, {"event": "user", "text": "再说一遍", "parse_data": latest}]
    return Tracker("claimant-repeat", {}, latest, events, False, None, None, "action_listen")


async def run(tracker):
    dispatcher = CollectingDispatcher()
    events = await ActionRepeatLast().run(dispatcher, tracker, {})
    return dispatcher.messages, events


@pytest.mark.asyncio
async def test_the_last_answer_is_sent_again_with_its_buttons_and_nothing_older():
    messages, events = await run(
        tracker_with(
            [
                {"event": "user", "text": "你好"},
                {"event": "bot", "text": "您好！", "data": {}},
                {"event": "user", "text": "几天内要报案"},
                {"event": "bot", "text": DEADLINE, "data": {}},
                {"event": "bot", "text": "要现在报案吗？", "data": {"buttons": [OFFER]}},
                {"event": "action", "name": "action_listen"},
            ]
        )
    )
    assert [(m["text"], m["buttons"]) for m in messages] == [(DEADLINE, []), ("要现在报案吗？", [OFFER])]
    assert events == []


@pytest.mark.asyncio
async def test_with_nothing_said_yet_the_claimant_hears_what_the_assistant_can_do():
    messages, events = await run(tracker_with([]))
    assert [m["response"] for m in messages] == ["utter_capabilities"]
    assert events == []
