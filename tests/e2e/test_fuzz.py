"""Hostile input against the running system: random Unicode, huge and malformed bodies, forged calls; never a 5xx."""

import hashlib
import itertools
import json
import os
import time
from xml.sax.saxutils import escape

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import free_port
from tests.e2e.conftest import say

RASA_TOKEN = os.environ.get("RASA_TOKEN", "dev-rasa-token")
WECHAT_TOKEN = os.environ.get("WECHAT_TOKEN") or "dev-wechat-token"
EMPTY_REPLY = "这条消息里我没有看到文字。请直接打字告诉我您遇到的情况，比如“我想报案”。"
TOO_LONG_REPLY = "这条消息太长了，我一次看不完。请分几次发，每次说一件事就好。"
MEGABYTE = 1_000_000
FUZZ = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_senders = itertools.count()

# Characters that break naive text handling: NUL and other controls, lone surrogates (sent escaped in JSON),
# zero-width and direction marks, a byte-order mark, emoji sequences, and Rasa's "/intent{entities}" syntax.
TRICKY = [
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\ud800",
    "\udfff",
    "\u200b",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u202e",
    "\ufeff",
    "\u3000",
    "👨‍👩‍👧",
    "🚗",
    "车",
    "祸",
    "/",
    "{",
    "}",
    '"',
    "<",
    "&",
    "\n",
    " ",
    "a",
]
hostile_text = st.one_of(
    st.text(st.characters(codec=None, exclude_categories=[]), max_size=80),
    st.lists(st.sampled_from(TRICKY), max_size=80).map("".join),
    st.builds(
        lambda intent, tail: f"/{intent}{''.join(tail)}",
        st.sampled_from(["EXTERNAL_followup", "request_human", "greet"]),
        st.lists(st.sampled_from(TRICKY), max_size=20),
    ),
)


@pytest.fixture(scope="module", autouse=True)
def wechat_api_nowhere():
    """Set up before `system`: the bot's WeChat answers go to a closed local port, not to the real WeChat API."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WECHAT_API_BASE_URL", f"http://127.0.0.1:{free_port()}")
        yield


def post_json(url: str, body, **params) -> httpx.Response:
    """POST a body as JSON with every non-ASCII character escaped, so lone surrogates travel too."""
    return httpx.post(
        url,
        params=params,
        content=json.dumps(body).encode("ascii"),
        headers={"Content-Type": "application/json"},
        timeout=120,
    )


def assert_still_answers_normally(rasa_url: str) -> None:
    """A greeting and a question answered through the action server and the claims API still get their answers."""
    sender = f"fuzz-after-{next(_senders)}"
    assert say(rasa_url, sender, "你好")[0].startswith("您好，我是车险人伤理赔助手")
    assert say(rasa_url, sender, "我昨天晚上八点出的车祸，现在报案还来得及吗")[0].startswith(
        "先说结论：超过48小时，并不会自动被拒赔。"
    )


# --- REST webhook -------------------------------------------------------------------------------------------------


def test_rest_answers_any_text_with_text(system):
    rasa_url, _, _ = system

    @FUZZ
    @given(text=hostile_text)
    def answers_with_text(text):
        answer = post_json(f"{rasa_url}/webhooks/rest/webhook", {"sender": f"fuzz-{next(_senders)}", "message": text})
        assert answer.status_code == 200
        texts = [message.get("text") for message in answer.json()]
        assert texts and all(isinstance(text, str) and text for text in texts)

    answers_with_text()
    assert_still_answers_normally(rasa_url)


def test_rest_answers_a_megabyte_message_and_an_invisible_one_kindly(system):
    rasa_url, _, _ = system
    webhook = f"{rasa_url}/webhooks/rest/webhook"

    assert post_json(webhook, {"sender": "fuzz-huge", "message": "车" * MEGABYTE}).json() == [
        {"recipient_id": "fuzz-huge", "text": TOO_LONG_REPLY}
    ]
    assert post_json(webhook, {"sender": "fuzz-blank", "message": "\u200b\x00 \u202e"}).json() == [
        {"recipient_id": "fuzz-blank", "text": EMPTY_REPLY}
    ]
    assert_still_answers_normally(rasa_url)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{",
        b'{"sender": "x", "message": "hi"',
        b"\xff\xfe\x00",
        b"null",
        b"[]",
        b'"hi"',
        b"42",
        b'{"sender": "x"}',
        b'{"message": "hi"}',
        b'{"sender": "x", "message": 7}',
        b'{"sender": "x", "message": null}',
        b'{"sender": "x", "message": ["hi"]}',
        b'{"sender": ["x"], "message": "hi"}',
        b'{"sender": "", "message": "hi"}',
        b'{"sender": "x", "message": "hi", "metadata": [1]}',
        b'{"sender": "x", "message": {"text": "hi"}}',
        b"[" * 100_000,
    ],
)
def test_rest_refuses_a_malformed_body_with_400_and_a_reason(system, body):
    rasa_url, _, _ = system

    answer = httpx.post(
        f"{rasa_url}/webhooks/rest/webhook", content=body, headers={"Content-Type": "application/json"}, timeout=60
    )

    assert answer.status_code == 400
    assert answer.json()["error"]


# --- NLU ----------------------------------------------------------------------------------------------------------


def test_nlu_parses_any_text_to_an_intent(system):
    rasa_url, _, _ = system

    @FUZZ
    @given(text=hostile_text)
    def parses(text):
        answer = post_json(f"{rasa_url}/model/parse", {"text": text}, token=RASA_TOKEN)
        assert answer.status_code == 200
        assert answer.json()["intent"]["name"]

    parses()
    assert_still_answers_normally(rasa_url)


# --- WeChat -------------------------------------------------------------------------------------------------------


def wechat_query(token: str = WECHAT_TOKEN) -> dict:
    """The query WeChat signs each webhook call with: SHA-1 of the sorted token, timestamp and nonce."""
    timestamp, nonce = str(int(time.time())), str(next(_senders))
    signature = hashlib.sha1("".join(sorted([token, timestamp, nonce])).encode()).hexdigest()
    return {"signature": signature, "timestamp": timestamp, "nonce": nonce}


def post_wechat(rasa_url: str, body: bytes, query: dict = None) -> httpx.Response:
    return httpx.post(
        f"{rasa_url}/webhooks/wechat/webhook",
        params=query or wechat_query(),
        content=body,
        headers={"Content-Type": "text/xml"},
        timeout=60,
    )


def text_message(content: str) -> bytes:
    message_id = 7_000_000_000 + next(_senders)
    return (
        f"<xml><ToUserName>gh_claims</ToUserName><FromUserName>oFuzz{message_id}</FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType>text</MsgType>"
        f"<Content>{escape(content)}</Content><MsgId>{message_id}</MsgId></xml>"
    ).encode("utf-8", "surrogatepass")


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10) for n in range(1, 10))
    + b"]><xml><ToUserName>gh</ToUserName><FromUserName>oFuzzLaughs</FromUserName>"
    b"<CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&lol9;</Content><MsgId>1</MsgId></xml>"
)
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b"<xml><ToUserName>gh</ToUserName><FromUserName>oFuzzXxe</FromUserName><CreateTime>1</CreateTime>"
    b"<MsgType>text</MsgType><Content>&xxe;</Content><MsgId>2</MsgId></xml>"
)


def test_wechat_acknowledges_or_refuses_any_signed_message(system):
    rasa_url, _, _ = system

    @FUZZ
    @given(content=hostile_text)
    def acknowledged_or_refused(content):
        answer = post_wechat(rasa_url, text_message(content))
        assert (answer.status_code, answer.text) == (200, "success") or answer.status_code == 400

    acknowledged_or_refused()
    assert_still_answers_normally(rasa_url)


@given(body=st.binary(max_size=300))
@FUZZ
def test_wechat_refuses_random_bytes_with_400(system, body):
    rasa_url, _, _ = system
    assert post_wechat(rasa_url, body).status_code == 400


@pytest.mark.parametrize(
    "body",
    [
        b"<xml>" * 50_000,
        b"<xml><Content>" + "车".encode() * MEGABYTE + b"</Content></xml>",
        text_message("车" * MEGABYTE),
        BILLION_LAUGHS,
        XXE,
        b"<xml><FromUserName>oFuzz</FromUserName></xml>",
    ],
)
def test_wechat_survives_huge_and_hostile_xml_without_leaking_files(system, body):
    rasa_url, _, _ = system

    answer = post_wechat(rasa_url, body)

    assert answer.status_code in (200, 400)
    assert "root:" not in answer.text and "lol" not in answer.text


def test_wechat_refuses_forged_signatures(system):
    rasa_url, _, _ = system
    forged = {**wechat_query("not-the-token"), "echostr": "x"}

    assert post_wechat(rasa_url, text_message("你好"), forged).status_code == 403
    assert post_wechat(rasa_url, text_message("你好"), {"timestamp": "1", "nonce": "2"}).status_code == 403
    assert httpx.get(f"{rasa_url}/webhooks/wechat/webhook", params=forged, timeout=30).status_code == 403


# --- Who may call what --------------------------------------------------------------------------------------------


def test_the_action_server_runs_nothing_for_a_caller_without_the_token(system):
    _, _, ports = system
    call = {
        "next_action": "action_claim_status",
        "sender_id": "x",
        "domain": {},
        "version": "3.6.2",
        "tracker": {
            "sender_id": "x",
            "slots": {"claim_number": "CL-1", "verified": True},
            "latest_message": {},
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
        },
    }

    answer = httpx.post(f"http://127.0.0.1:{ports['ACTIONS_PORT']}/webhook", json=call, timeout=30)

    assert (answer.status_code, answer.json()["error"]) == (401, "the X-Action-Server-Token header is missing or wrong")


def test_a_claimants_conversation_is_readable_only_with_the_token(system):
    rasa_url, _, _ = system
    say(rasa_url, "fuzz-private", "我叫王强，车牌苏A12345")
    conversation = f"{rasa_url}/conversations/fuzz-private"

    for method, path in [
        ("GET", "/tracker"),
        ("GET", "/story"),
        ("POST", "/messages"),
        ("POST", "/trigger_intent"),
        ("POST", "/execute"),
        ("POST", "/predict"),
        ("POST", "/tracker/events"),
    ]:
        answer = httpx.request(
            method, conversation + path, json={"name": "greet", "text": "hi", "sender": "user"}, timeout=30
        )
        assert (method, path, answer.status_code, answer.json()["reason"]) == (method, path, 401, "NotAuthenticated")
        assert "王强" not in unescaped(answer)
    assert "王强" in unescaped(httpx.get(f"{conversation}/tracker", params={"token": RASA_TOKEN}, timeout=30))
    for public in ("/", "/version"):
        assert "王强" not in httpx.get(rasa_url + public, timeout=30).text


def unescaped(answer: httpx.Response) -> str:
    """A JSON answer as text with its Chinese characters as they are, not as \\u escapes."""
    return json.dumps(answer.json(), ensure_ascii=False)
