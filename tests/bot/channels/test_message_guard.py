"""Empty, overlong and hostile messages get a kind reply on their own channel and never reach Rasa; so does one that
cannot get its turn."""

import pytest
import requests
import socketio
from rasa.core.lock_store import LockError

from actions.replies import RESPONSES
from bot.channels.message_guard import (
    BUSY_REPLY,
    BUTTON_INTENTS,
    EMPTY_REPLY,
    MAX_MESSAGE_CHARACTERS,
    TOO_LONG_REPLY,
    Verdict,
    check_message,
)
from bot.channels.rest import NudgingRestInput
from bot.channels.web_chat import WebChatInput
from tests.bot.channels.conftest import ChannelServer
from tests.bot.channels.wechat_requests import text_xml
from tests.conftest import free_port

FOLLOWER = "oX7Lz0guarded-follower"
LONGEST = "车" * MAX_MESSAGE_CHARACTERS


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\n\t ",
        "\x00\x01\x1f",
        "\u200b\u200c\u200d\u2060\ufeff",
        "\u200e\u200f\u202e",
        "\u3000",
        "///",
        "/ \u200b",
        None,
        42,
        ["我要报案"],
    ],
)
def test_a_message_without_text_gets_the_empty_reply(text):
    assert check_message(text) == Verdict(reply=EMPTY_REPLY)


@pytest.mark.parametrize("text", [LONGEST + "车", "x" * 1_000_000, " 您好" * 200])
def test_a_message_over_the_limit_gets_the_too_long_reply(text):
    assert check_message(text) == Verdict(reply=TOO_LONG_REPLY)


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("我要报案", "我要报案"),
        (f" {LONGEST} ", LONGEST),
        ("我要\x00报案\x07", "我要报案"),
        ("事故经过：\n下午三点\t追尾", "事故经过：\n下午三点\t追尾"),
        ("医药费\ud800谁付", "医药费谁付"),
        ("\u200f报案 👨‍👩‍👧", "\u200f报案 👨‍👩‍👧"),
        ("/affirm", "/affirm"),
        ("/deny", "/deny"),
        (
            '/EXTERNAL_followup{"followup_kind": "status_change", "claim_number": "CL-1"}',
            'EXTERNAL_followup{"followup_kind": "status_change", "claim_number": "CL-1"}',
        ),
        (" / /request_human", "request_human"),
        ("\x00/affirm", "/affirm"),
    ],
)
def test_readable_text_reaches_rasa_without_control_characters_or_intent_shortcuts(text, cleaned):
    assert check_message(text) == Verdict(text=cleaned)


def test_every_intent_payload_of_a_domain_button_is_let_through():
    payloads = {
        button["payload"]
        for variants in RESPONSES.values()
        for variant in variants
        for button in variant.get("buttons", [])
    }
    assert {payload for payload in payloads if payload.startswith("/")} <= BUTTON_INTENTS


def test_rest_answers_an_overlong_message_itself(rest_server, agent):
    answer = requests.post(rest_server, json={"sender": "rest-1", "message": LONGEST + "。"}, timeout=30)

    assert (answer.status_code, answer.json()) == (200, [{"recipient_id": "rest-1", "text": TOO_LONG_REPLY}])
    assert agent.received == []


def test_rest_passes_cleaned_text_to_rasa(rest_server, agent):
    answer = requests.post(rest_server, json={"sender": "rest-1", "message": "我要\u0000报案"}, timeout=30)

    assert (answer.status_code, answer.json()) == (200, [{"recipient_id": "rest-1", "text": "收到：我要报案"}])
    assert [message.text for message in agent.received] == ["我要报案"]


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b'{"sender": "rest-1", "message": ', "the body must be JSON"),
        (b"\xff\xfe not utf-8", "the body must be JSON"),
        (b"", "the body must be a JSON object"),
        (b'["rest-1", "hi"]', "the body must be a JSON object"),
        (b'{"message": "hi"}', '"sender" must be a string of 1 to 255 characters'),
        (b'{"sender": 7, "message": "hi"}', '"sender" must be a string of 1 to 255 characters'),
        (
            ('{"sender": "%s", "message": "hi"}' % ("s" * 256)).encode(),
            '"sender" must be a string of 1 to 255 characters',
        ),
        (b'{"sender": "rest-1"}', '"message" must be a string'),
        (b'{"sender": "rest-1", "message": null}', '"message" must be a string'),
        (b'{"sender": "rest-1", "message": ["hi"]}', '"message" must be a string'),
        (b'{"sender": "rest-1", "message": "hi", "metadata": "x"}', '"metadata" must be a JSON object'),
        (
            b'{"sender": "rest-1", "message": "hi", "metadata": {"message_number": "2"}}',
            '"metadata.message_number" must be a whole number from 1',
        ),
        (
            b'{"sender": "rest-1", "message": "hi", "metadata": {"message_number": 0}}',
            '"metadata.message_number" must be a whole number from 1',
        ),
    ],
)
def test_rest_refuses_a_body_that_is_not_a_message_with_its_reason(rest_server, agent, body, error):
    answer = requests.post(rest_server, data=body, headers={"Content-Type": "application/json"}, timeout=30)

    assert (answer.status_code, answer.json()) == (400, {"error": error})
    assert agent.received == []


class BusyConversationAgent:
    """An agent whose every turn waited too long for the conversation's earlier turns."""

    async def handle_message(self, message) -> None:
        raise LockError(f"Conversation '{message.sender_id}' stayed locked by other turns for 30 s.")


def test_a_message_that_cannot_get_its_turn_is_asked_for_again(monkeypatch):
    monkeypatch.setenv("CLAIMS_API_URL", f"http://127.0.0.1:{free_port()}")
    with ChannelServer(NudgingRestInput(), BusyConversationAgent()) as server:
        answer = requests.post(
            f"http://127.0.0.1:{server.port}/webhooks/rest/webhook",
            json={"sender": "rest-busy", "message": "王强"},
            timeout=30,
        )

    assert (answer.status_code, answer.json()) == (200, [{"recipient_id": "rest-busy", "text": BUSY_REPLY}])


def test_web_chat_answers_an_empty_message_in_the_session(agent):
    with ChannelServer(WebChatInput(session_persistence=True), agent) as server, socketio.SimpleClient() as browser:
        browser.connect(f"http://127.0.0.1:{server.port}", transports=["polling"])
        browser.emit("session_request", {"session_id": "web-1"})
        assert browser.receive(timeout=30) == ["session_confirm", "web-1"]

        browser.emit("user_uttered", {"message": "\u200b \u200b", "session_id": "web-1"})
        assert browser.receive(timeout=30) == ["bot_uttered", {"text": EMPTY_REPLY}]
        browser.emit("user_uttered", {"message": "报案\x00", "session_id": "web-1"})
        assert browser.receive(timeout=30) == ["bot_uttered", {"text": "收到：报案"}]

    assert [message.text for message in agent.received] == ["报案"]


def test_wechat_answers_an_overlong_message_through_customer_service(server, agent, wechat_api):
    answer = server.post_signed(text_xml(FOLLOWER, LONGEST + "车"))

    assert (answer.status_code, answer.text) == (200, "success")
    assert wechat_api.wait_for_texts(FOLLOWER, 1) == [TOO_LONG_REPLY]
    assert agent.received == []


def test_wechat_answers_an_invisible_message_and_reads_text_without_intent_shortcuts(server, agent, wechat_api):
    server.post_signed(text_xml(FOLLOWER, "\u200b\u200b"))
    assert wechat_api.wait_for_texts(FOLLOWER, 1) == [EMPTY_REPLY]
    server.post_signed(text_xml(FOLLOWER, "/报案"))

    assert wechat_api.wait_for_texts(FOLLOWER, 2) == [EMPTY_REPLY, "收到：报案"]
    assert [message.text for message in agent.received] == ["报案"]
