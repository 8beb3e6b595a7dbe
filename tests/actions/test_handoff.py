"""Human handoff: the ticket carries the reason, the facts and the transcript; the bot pauses."""

import httpx
import pytest
from rasa_sdk.events import ActionExecuted, ConversationPaused, ConversationResumed, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import (
    ActionBotResumed,
    ActionHandoff,
    ActionNotUnderstood,
    ActionRelayAgentMessage,
    summarise,
)
from tests.actions.conftest import load_tracker, make_tracker, response_text, said
from tests.conftest import free_port

BOT_RESUMED = response_text("utter_bot_resumed")
HANDOFF_DOWN = response_text("utter_handoff_down")


def read_ticket(url, conversation_id):
    """The conversation's open ticket (opening again returns the one already waiting)."""
    response = httpx.post(
        f"{url}/api/v1/handoffs",
        headers={"X-Service-Key": "dev-service-key"},
        json={"conversation_id": conversation_id, "channel": "web", "reason": "requested", "summary": "-"},
    )
    assert response.status_code == 200
    return response.json()


async def hand_off(name):
    dispatcher = CollectingDispatcher()
    events = await ActionHandoff().run(dispatcher, load_tracker(name), {})
    return said(dispatcher.messages), events


@pytest.mark.asyncio
async def test_a_request_opens_a_ticket_with_facts_and_transcript_and_pauses(claims_api_url, monkeypatch):
    monkeypatch.setenv("CLAIMS_API_URL", claims_api_url)
    texts, events = await hand_off("tracker_handoff_request")
    assert texts == [
        "我已经请人工理赔员来帮您，他会看到我们刚才的全部对话，您不用再重复。理赔员会尽快联系您（电话尾号5678），也可能直接在这里回复您。"
    ]
    assert events == [ConversationPaused(), ActionExecuted("action_listen")]
    ticket = read_ticket(claims_api_url, "claimant-handoff")
    assert (ticket["reason"], ticket["channel"], ticket["status"]) == ("requested", "rest", "open")
    assert ticket["summary"] == "客户要求转人工。已知信息：电话：13812345678；出险地点：南京中山路。"
    assert ticket["facts"] == {"phone": "13812345678", "accident_place": "南京中山路"}
    assert [(t["sender"], t["text"]) for t in ticket["transcript"]] == [
        ("user", "在南京中山路被撞了"),
        ("bot", "好的，我来帮您把事故情况记下来报案"),
        ("user", "转人工"),
    ]


@pytest.mark.asyncio
async def test_anger_is_recorded_as_the_reason(claims_api_url, monkeypatch):
    monkeypatch.setenv("CLAIMS_API_URL", claims_api_url)
    texts, events = await hand_off("tracker_handoff_anger")
    assert texts == [
        "我已经请人工理赔员来帮您，他会看到我们刚才的全部对话，您不用再重复。理赔员会尽快在这里回复您；方便的话，请直接在这里留一个手机号。"
    ]
    assert events == [ConversationPaused(), ActionExecuted("action_listen")]
    assert read_ticket(claims_api_url, "claimant-angry")["reason"] == "angry"


@pytest.mark.asyncio
async def test_when_the_api_is_down_the_bot_does_not_pause_and_gives_the_phone_route(monkeypatch):
    monkeypatch.setenv("CLAIMS_API_URL", f"http://127.0.0.1:{free_port()}")
    texts, events = await hand_off("tracker_handoff_request")
    assert texts == [HANDOFF_DOWN]
    assert events == []


def test_the_summary_names_the_claim_and_the_facts():
    assert summarise("severe", {"claim_number": "RPT20261123000001", "injuries": "昏迷"}, "RPT20261123000001") == (
        "客户提到伤者伤势严重或死亡，请优先跟进。报案号：RPT20261123000001。已知信息：伤情：昏迷。"
    )


@pytest.mark.asyncio
async def test_an_agents_message_is_relayed_under_the_agents_name_and_the_slot_cleared():
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("claimant-paused", {"agent_message": " 您好，我是理赔员小李，病历请拍照发我。 "}, "转人工")
    events = await ActionRelayAgentMessage().run(dispatcher, tracker, {})
    assert said(dispatcher.messages) == ["人工理赔员：您好，我是理赔员小李，病历请拍照发我。"]
    assert events == [SlotSet("agent_message", None)]


@pytest.mark.asyncio
async def test_an_empty_agent_message_is_not_relayed():
    dispatcher = CollectingDispatcher()
    events = await ActionRelayAgentMessage().run(dispatcher, make_tracker("claimant-paused", {}, "转人工"), {})
    assert dispatcher.messages == [] and events == []


@pytest.mark.asyncio
async def test_when_the_agent_hands_back_the_bot_says_so_and_listens_again():
    dispatcher = CollectingDispatcher()
    events = await ActionBotResumed().run(dispatcher, make_tracker("claimant-paused", {}, "转人工"), {})
    assert said(dispatcher.messages) == [BOT_RESUMED]
    assert BOT_RESUMED.startswith("人工理赔员已经把对话交回给我了")
    assert events == [ConversationResumed(), ActionExecuted("action_listen")]


async def not_understood(text: str, ranking: list) -> list:
    """What action_not_understood sends for an unsure message with this answer ranking."""
    tracker = make_tracker("claimant-unsure", {}, text, intent="nlu_fallback")
    tracker.latest_message["answer_ranking"] = [{"name": name, "confidence": p} for name, p in ranking]
    dispatcher = CollectingDispatcher()
    assert await ActionNotUnderstood().run(dispatcher, tracker, {}) == []
    return dispatcher.messages


def button(title: str, payload: str = None) -> dict:
    """A quick-reply button that sends its title, or the given payload."""
    return {"title": title, "payload": payload or title}


@pytest.mark.asyncio
async def test_an_unsure_message_gets_its_likely_answers_as_buttons_and_a_person():
    ranking = [("faq/advance_refund", 0.41), ("ask_advance_payment", 0.35), ("inform", 0.12), ("faq/lost_wages", 0.05)]
    messages = await not_understood("那个钱的事", ranking)
    assert [(m["response"], m["buttons"]) for m in messages] == [
        (
            "utter_clarify",
            [button("垫付的钱后来怎么要回来"), button("医药费谁先垫付"), button("找人工理赔员", "转人工")],
        )
    ]


@pytest.mark.asyncio
async def test_one_likely_answer_is_asked_about_by_name():
    ranking = [("ask_required_materials", 0.17), ("ask_settlement", 0.06)]
    messages = await not_understood("我老公被撞了，在ICU，要准备什么材料", ranking)
    assert [(m["response"], m["title"], m["buttons"]) for m in messages] == [
        ("utter_clarify_one", "理赔要准备哪些材料", [button("理赔要准备哪些材料"), button("找人工理赔员", "转人工")])
    ]


@pytest.mark.asyncio
async def test_with_no_likely_answer_the_claimant_is_asked_to_rephrase():
    messages = await not_understood("啊啊", [("faq/lost_wages", 0.06)])
    assert [m["response"] for m in messages] == ["utter_default"]
