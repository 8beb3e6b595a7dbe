"""The WeChat webhook as WeChat's servers and followers use it, answers checked at the stand-in WeChat API."""

import logging
from types import SimpleNamespace

import requests
from rasa.server import _get_output_channel
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels import wechat_format
from tests.bot.channels.conftest import AES_KEY, APP_ID, APP_SECRET, TOKEN
from tests.bot.channels.wechat_requests import encrypted, message_xml, signature, signed_query, text_xml

FOLLOWER = "oX7Lz0follower-1"


def test_url_verification_echoes_echostr(server):
    answer = requests.get(server.webhook, params=signed_query(TOKEN, echostr="4718452345662098123"), timeout=30)

    assert answer.status_code == 200
    assert answer.text == "4718452345662098123"


def test_forged_or_missing_signature_is_refused(server, agent, wechat_api):
    forged = {**signed_query(TOKEN), "signature": signature("not-the-token", "1700000000", "42")}

    assert requests.get(server.webhook, params={**forged, "echostr": "x"}, timeout=30).status_code == 403
    assert requests.get(server.webhook, params={"echostr": "x"}, timeout=30).status_code == 403
    assert server.post(text_xml(FOLLOWER, "你好"), forged).status_code == 403
    assert server.post(text_xml(FOLLOWER, "你好"), {}).status_code == 403
    assert agent.received == []
    assert wechat_api.sent == []


def test_text_message_reaches_rasa_and_the_answer_arrives_through_customer_service(server, agent, wechat_api):
    agent.script["我昨天出了车祸，现在报案还来得及吗"] = [{"text": "来得及。请先告诉我事故发生的时间。"}]

    answer = server.post_signed(text_xml(FOLLOWER, "我昨天出了车祸，现在报案还来得及吗", msg_id=6054768590064713728))

    assert (answer.status_code, answer.text) == (200, "success")
    assert wechat_api.wait_for_texts(FOLLOWER, 1) == ["来得及。请先告诉我事故发生的时间。"]
    message = agent.received[0]
    assert (message.text, message.sender_id, message.input_channel, message.message_id) == (
        "我昨天出了车祸，现在报案还来得及吗",
        FOLLOWER,
        "wechat",
        "6054768590064713728",
    )
    assert message.metadata == {"wechat": {"open_id": FOLLOWER, "msg_type": "text"}}
    assert wechat_api.token_requests == [{"grant_type": "client_credential", "appid": APP_ID, "secret": APP_SECRET}]


def test_access_token_is_fetched_once_and_reused(server, wechat_api):
    server.post_signed(text_xml(FOLLOWER, "第一句"))
    wechat_api.wait_for_texts(FOLLOWER, 1)
    server.post_signed(text_xml(FOLLOWER, "第二句"))

    assert wechat_api.wait_for_texts(FOLLOWER, 2) == ["收到：第一句", "收到：第二句"]
    assert len(wechat_api.token_requests) == 1


def test_safe_mode_message_is_decrypted_and_answered(safe_mode_server, agent, wechat_api):
    request = encrypted(TOKEN, AES_KEY, APP_ID, text_xml(FOLLOWER, "医院的钱谁先垫付"))

    answer = safe_mode_server.post(request["body"], request["query"])

    assert (answer.status_code, answer.text) == (200, "success")
    assert wechat_api.wait_for_texts(FOLLOWER, 1) == ["收到：医院的钱谁先垫付"]
    assert [message.text for message in agent.received] == ["医院的钱谁先垫付"]


def test_safe_mode_message_with_forged_msg_signature_is_refused(safe_mode_server, agent):
    request = encrypted(TOKEN, AES_KEY, APP_ID, text_xml(FOLLOWER, "你好"))
    forged = {**request["query"], "msg_signature": signature("not-the-token", "1", "2", "3")}
    missing = {name: value for name, value in request["query"].items() if name != "msg_signature"}

    assert safe_mode_server.post(request["body"], forged).status_code == 403
    assert safe_mode_server.post(request["body"], missing).status_code == 403
    assert agent.received == []


def test_safe_mode_message_encrypted_for_another_account_is_refused(safe_mode_server, agent):
    request = encrypted(TOKEN, AES_KEY, "wx-some-other-account", text_xml(FOLLOWER, "你好"))

    assert safe_mode_server.post(request["body"], request["query"]).status_code == 403
    assert agent.received == []


def test_retries_of_one_message_are_processed_once(server, agent, wechat_api):
    retried = text_xml(FOLLOWER, "查一下我的理赔进度", msg_id=6054768590064713999)

    answers = [server.post_signed(retried) for _ in range(4)]
    server.post_signed(text_xml(FOLLOWER, "谢谢"))

    assert [(answer.status_code, answer.text) for answer in answers] == [(200, "success")] * 4
    assert wechat_api.wait_for_texts(FOLLOWER, 2) == ["收到：查一下我的理赔进度", "收到：谢谢"]
    assert [message.text for message in agent.received] == ["查一下我的理赔进度", "谢谢"]


def test_retried_events_are_processed_once(server, wechat_api):
    subscribe = message_xml(FOLLOWER, "event", create_time=1700000000, Event="subscribe")

    for _ in range(3):
        server.post_signed(subscribe)
    server.post_signed(text_xml(FOLLOWER, "你好"))

    assert wechat_api.wait_for_texts(FOLLOWER, 2) == [wechat_format.WELCOME, "收到：你好"]


def test_acknowledges_before_a_slow_answer_is_ready(server, agent, wechat_api):
    agent.released.clear()  # Rasa takes longer than WeChat's 5 seconds: the stub answers only once released

    answer = server.post_signed(text_xml(FOLLOWER, "要准备哪些材料"))
    agent.events.append(f"WeChat got {answer.text}")
    sent_before_release = list(wechat_api.sent)
    agent.released.set()

    assert wechat_api.wait_for_texts(FOLLOWER, 1) == ["收到：要准备哪些材料"]
    assert sent_before_release == []
    # Whether processing starts just before or just after the acknowledgement is up to the event loop.
    assert agent.events.count("processing 要准备哪些材料") == 1
    assert [event for event in agent.events if not event.startswith("processing")] == [
        "WeChat got success",
        "answering 要准备哪些材料",
    ]


def test_subscribe_gets_a_welcome_and_other_events_get_nothing(server, agent, wechat_api):
    server.post_signed(message_xml(FOLLOWER, "event", Event="subscribe"))
    assert wechat_api.wait_for_texts(FOLLOWER, 1) == [wechat_format.WELCOME]

    server.post_signed(message_xml(FOLLOWER, "event", Event="unsubscribe"))
    server.post_signed(message_xml(FOLLOWER, "event", Event="publishjobfinish", PublishEventInfo="x"))
    server.post_signed(text_xml("oX7Lz0another-follower", "你好"))

    wechat_api.wait_for_texts("oX7Lz0another-follower", 1)
    assert wechat_api.texts_to(FOLLOWER) == [wechat_format.WELCOME]
    assert [message.sender_id for message in agent.received] == ["oX7Lz0another-follower"]
    assert "报案" in wechat_format.WELCOME and "理赔进度" in wechat_format.WELCOME


def test_image_and_voice_get_a_kind_reply_saying_what_to_send(server, agent, wechat_api):
    server.post_signed(message_xml(FOLLOWER, "image", PicUrl="http://mmbiz.qpic.cn/x.jpg", MediaId="m1"))
    wechat_api.wait_for_texts(FOLLOWER, 1)
    server.post_signed(message_xml(FOLLOWER, "voice", MediaId="m2", Format="amr"))

    assert wechat_api.wait_for_texts(FOLLOWER, 2) == [
        "收到您的图片了，谢谢。我这里暂时看不了图片，请用文字告诉我图片上的内容，或者直接说说您想问什么。",
        "收到您的语音了。我暂时听不了语音，麻烦您打字告诉我，一次说一件事就好。",
    ]
    assert agent.received == []


def test_voice_recognised_by_wechat_is_read_as_text(server, agent, wechat_api):
    server.post_signed(message_xml(FOLLOWER, "voice", MediaId="m3", Format="amr", Recognition="我要转人工"))

    assert wechat_api.wait_for_texts(FOLLOWER, 1) == ["收到：我要转人工"]
    assert agent.received[0].metadata == {"wechat": {"open_id": FOLLOWER, "msg_type": "voice"}}


def test_location_is_thanked_and_its_label_passed_to_rasa(server, agent, wechat_api):
    server.post_signed(
        message_xml(
            FOLLOWER,
            "location",
            Location_X="32.041544",
            Location_Y="118.767413",
            Scale="15",
            Label="江苏省南京市玄武区中山路与珠江路交叉口",
        )
    )

    assert wechat_api.wait_for_texts(FOLLOWER, 2) == [
        "谢谢，收到您的位置：江苏省南京市玄武区中山路与珠江路交叉口。",
        "收到：江苏省南京市玄武区中山路与珠江路交叉口",
    ]
    assert agent.received[0].metadata == {
        "wechat": {"open_id": FOLLOWER, "msg_type": "location", "latitude": "32.041544", "longitude": "118.767413"}
    }


def test_location_without_label_asks_for_the_place_in_words(server, agent, wechat_api):
    server.post_signed(message_xml(FOLLOWER, "location", Location_X="32.04", Location_Y="118.76", Scale="15"))

    assert wechat_api.wait_for_texts(FOLLOWER, 1) == [
        "收到您的位置了，谢谢。请再用文字说一下具体地点，比如哪条路、哪个路口。"
    ]
    assert agent.received == []


def test_long_answer_is_split_into_messages_under_the_limit(server, agent, wechat_api):
    sentences = [f"第{number}条：住院期间的医疗费、护理费和误工费，都要保留好发票和证明。" for number in range(1, 61)]
    agent.script["要准备哪些材料"] = [{"text": "".join(sentences)}]

    server.post_signed(text_xml(FOLLOWER, "要准备哪些材料"))

    texts = wechat_api.wait_for_texts(FOLLOWER, 3)
    assert len(texts) == 3
    assert all(len(text.encode("utf-8")) <= 2048 for text in texts)
    assert all(text.endswith("。") for text in texts)
    assert "".join(texts) == "".join(sentences)


def test_buttons_become_numbered_options_and_a_digit_picks_the_payload(server, agent, wechat_api):
    agent.script["我想报案"] = [
        {"text": "有人受伤吗？", "buttons": [{"title": "是", "payload": "是"}, {"title": "否", "payload": "否"}]}
    ]

    server.post_signed(text_xml(FOLLOWER, "我想报案"))
    assert wechat_api.wait_for_texts(FOLLOWER, 1) == ["有人受伤吗？\n回复 1：是；回复 2：否"]
    server.post_signed(text_xml(FOLLOWER, "２"))
    wechat_api.wait_for_texts(FOLLOWER, 2)
    server.post_signed(text_xml(FOLLOWER, "1"))

    assert wechat_api.wait_for_texts(FOLLOWER, 3)[1:] == ["收到：否", "收到：1"]
    assert [message.text for message in agent.received] == ["我想报案", "否", "1"]


def test_settlement_estimate_payload_is_skipped_and_images_sent_as_links(server, agent, wechat_api):
    agent.script["能赔多少"] = [
        {"text": "这是估算，不是承诺。"},
        {"custom": {"type": "settlement_estimate", "title": "赔偿估算", "rows": [], "split": [], "note": "估算"}},
        {"image": "https://example.org/chart.png"},
    ]

    server.post_signed(text_xml(FOLLOWER, "能赔多少"))

    assert wechat_api.wait_for_texts(FOLLOWER, 2) == ["这是估算，不是承诺。", "图片：https://example.org/chart.png"]
    server.post_signed(text_xml(FOLLOWER, "谢谢"))
    assert wechat_api.wait_for_texts(FOLLOWER, 3)[2:] == ["收到：谢谢"]


def test_trigger_intent_with_latest_output_channel_reaches_the_follower(server, wechat_api):
    tracker = DialogueStateTracker.from_events(FOLLOWER, [UserUttered("你好", input_channel="wechat")])
    trigger_request = SimpleNamespace(
        args={"output_channel": "latest"}, app=SimpleNamespace(ctx=SimpleNamespace(input_channels=[server.channel]))
    )
    output_channel = _get_output_channel(trigger_request, tracker)

    server.run(output_channel.send_response(FOLLOWER, {"text": "您好，我们10分钟前说好回访您。事故处理得怎么样了？"}))

    assert wechat_api.wait_for_texts(FOLLOWER, 1) == ["您好，我们10分钟前说好回访您。事故处理得怎么样了？"]
    assert wechat_api.sent[0] == {
        "touser": FOLLOWER,
        "msgtype": "text",
        "text": {"content": "您好，我们10分钟前说好回访您。事故处理得怎么样了？"},
    }


def test_push_outside_the_48_hour_window_is_logged_and_the_channel_keeps_working(server, wechat_api, caplog):
    wechat_api.refusals["oX7Lz0gone-quiet"] = 45015

    with caplog.at_level(logging.WARNING, logger="bot.channels.wechat_api"):
        server.run(server.channel.get_output_channel().send_response("oX7Lz0gone-quiet", {"text": "提醒您补交材料。"}))
    server.post_signed(text_xml(FOLLOWER, "你好"))

    assert wechat_api.wait_for_texts(FOLLOWER, 1) == ["收到：你好"]
    assert wechat_api.refused == [
        {"touser": "oX7Lz0gone-quiet", "msgtype": "text", "text": {"content": "提醒您补交材料。"}}
    ]
    assert [record.message for record in caplog.records if "45015" in record.message] == [
        "WeChat refused a message to oX7Lz0gone-quiet: the 48-hour window is closed (45015)."
    ]


def test_unreadable_bodies_get_400_not_500(server, agent):
    for body in ["", "not xml at all", "<xml><Content>没有类型</Content></xml>", "<xml></xml>", "<note>x</note>"]:
        answer = server.post_signed(body)
        assert answer.status_code == 400, (body, answer.status_code, answer.text)
    assert agent.received == []


def test_safe_mode_message_that_does_not_decrypt_gets_400(safe_mode_server, agent):
    query = signed_query(TOKEN, encrypt_type="aes")
    garbage = "bm90IGEgcmVhbCBjaXBoZXJ0ZXh0"
    query["msg_signature"] = signature(TOKEN, query["timestamp"], query["nonce"], garbage)

    answer = safe_mode_server.post(f"<xml><Encrypt><![CDATA[{garbage}]]></Encrypt></xml>", query)

    assert answer.status_code == 400
    assert agent.received == []


def test_safe_mode_message_without_a_configured_key_gets_400(server, agent):
    request = encrypted(TOKEN, AES_KEY, APP_ID, text_xml(FOLLOWER, "你好"))

    assert server.post(request["body"], request["query"]).status_code == 400
    assert agent.received == []
