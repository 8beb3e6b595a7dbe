"""“再说一遍” outside a form: the last answer again, with what it offered still working."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.repeat import ActionRepeatLast

HOW_IT_WORKS = "医院的钱可以这样解决：……"
OFFER = "需要的话，我现在就帮您把垫付申请记下来，交给保险公司审核。要办吗？"
STATUS = "您的案件正在审核中。"


def tracker_with(events):
    """A tracker whose latest message is "再说一遍", after `events`."""
    latest = {"text": "再说一遍", "intent": {"name": "repeat", "confidence": 1.0}, "entities": []}
    events = [*events, {"event": "user", "text": "再说一遍", "parse_data": latest}]
    return Tracker("claimant-repeat", {}, latest, events, False, None, None, "action_listen")


def turn(text, *actions):
    """The claimant says `text`; each (action, [texts]) runs and sends its texts; then the bot listens."""
    events = [{"event": "user", "text": text}]
    for name, texts in actions:
        events.append({"event": "action", "name": name})
        events += [{"event": "bot", "text": said, "data": {}} for said in texts]
    return [*events, {"event": "action", "name": "action_listen"}]


async def run(tracker):
    dispatcher = CollectingDispatcher()
    events = await ActionRepeatLast().run(dispatcher, tracker, {})
    return [message["text"] for message in dispatcher.messages], events


@pytest.mark.asyncio
async def test_an_answer_that_ends_in_an_offer_is_sent_again_and_the_offer_made_again_in_its_place():
    texts, events = await run(
        tracker_with(
            turn("你好", ("utter_greet", ["您好！"]))
            + turn(
                "医药费谁先垫付",
                ("action_explain_advance_payment", [HOW_IT_WORKS]),
                ("utter_offer_advance_application", [OFFER]),
            )
        )
    )
    assert texts == [HOW_IT_WORKS]
    assert events == [UserUtteranceReverted(), FollowupAction("utter_offer_advance_application")]


@pytest.mark.asyncio
async def test_an_answer_from_the_claims_api_is_sent_again_as_it_was_without_asking_the_api_again():
    texts, events = await run(tracker_with(turn("查进度", ("action_claim_status", [STATUS]))))
    assert texts == [STATUS]
    assert events == []


@pytest.mark.asyncio
async def test_with_nothing_said_yet_the_claimant_hears_what_the_assistant_can_do():
    dispatcher = CollectingDispatcher()
    events = await ActionRepeatLast().run(dispatcher, tracker_with([]), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_capabilities"]
    assert events == []
