"""One conversation through all three services, started the way `make run` starts them."""

import signal
from datetime import datetime, timedelta

import httpx
import pytest

from tests.e2e.conftest import SHANGHAI, say


def test_a_greeting_gets_a_chinese_answer(system):
    rasa_url, _, _ = system
    assert say(rasa_url, "e2e-greet", "你好")[0].startswith("您好，我是车险人伤理赔助手")


def test_the_deadline_question_goes_through_the_action_server_and_the_claims_api(system):
    rasa_url, _, _ = system
    replies = say(rasa_url, "e2e-deadline", "我昨天晚上八点出的车祸，现在报案还来得及吗")
    yesterday_eight = datetime.now(SHANGHAI).replace(hour=20, minute=0, second=0, microsecond=0) - timedelta(days=1)
    due = yesterday_eight + timedelta(hours=48)
    assert replies[0].startswith("先说结论：超过48小时，并不会自动被拒赔。")
    assert replies[1].startswith(
        f"按您说的事故时间（{yesterday_eight.month}月{yesterday_eight.day}日20:00），"
        f"保单约定的48小时通知期限到{due.month}月{due.day}日20:00，还剩大约"
    )


OPENING = "别着急，我在这儿帮您。先确认一件事：现在有人伤得重吗？比如流血不止、昏迷、起不来。"
EMERGENCY = "请先顾好人：\n1. 马上拨打120急救电话，同时拨打122报警。"


@pytest.mark.parametrize("opening", ["出车祸了", "我被车撞了", "被撞了", "车祸了怎么办", "我家人被车撞了在医院"])
def test_the_first_thing_claimants_type_starts_a_guided_conversation(system, opening):
    rasa_url, _, _ = system
    sender = f"e2e-opening-{opening}"
    assert say(rasa_url, sender, opening) == [OPENING]
    assert say(rasa_url, sender, "/deny") == ["好的。您想先办哪件事？"]
    assert say(rasa_url, sender, "我要报案")[0].startswith("好的，我来帮您把事故情况记下来报案")


def test_someone_badly_hurt_after_the_opening_gets_the_emergency_guidance(system):
    rasa_url, _, _ = system
    assert say(rasa_url, "e2e-opening-hurt", "撞人了怎么办") == [OPENING]
    replies = say(rasa_url, "e2e-opening-hurt", "/affirm")
    assert replies[0].startswith(EMERGENCY)
    assert replies[1] == "等现场安顿好了，需要我帮您把事故情况先记下来报案吗？"


@pytest.mark.parametrize(
    "message",
    [
        "撞到人了，他头上都是血，怎么办",
        "我刚把一个骑电动车的撞倒了，他起不来了",
        "交警说对方全责 我老婆还在地上起不来 医药费谁出",
    ],
)
def test_someone_hurt_right_now_gets_the_emergency_guidance_first(system, message):
    rasa_url, _, _ = system
    assert say(rasa_url, f"e2e-urgent-{message}", message)[0].startswith(EMERGENCY)


def test_a_question_between_two_answers_gets_a_clarifying_question_with_both_and_a_person(system):
    rasa_url, _, _ = system
    response = httpx.post(
        f"{rasa_url}/webhooks/rest/webhook", json={"sender": "e2e-clarify", "message": "垫付的钱怎么弄"}, timeout=60
    ).json()
    assert response == [
        {
            "recipient_id": "e2e-clarify",
            "text": "我想确认一下，您是想问下面哪一个？点一下就行，也可以换个说法告诉我。",
            "buttons": [
                {"title": "垫付的钱后来怎么要回来", "payload": "垫付的钱后来怎么要回来"},
                {"title": "医药费谁先垫付", "payload": "医药费谁先垫付"},
                {"title": "找人工理赔员", "payload": "转人工"},
            ],
        }
    ]


def test_a_question_outside_injury_claims_gets_an_honest_answer(system):
    rasa_url, _, _ = system
    assert say(rasa_url, "e2e-out-of-scope", "今天天气怎么样") == [
        "这个问题我可能帮不上忙。我专门解答车祸受伤后的理赔问题：报案、垫付、材料、赔偿项目、责任和进度。您想了解哪一项？"
    ]


def test_ctrl_c_stops_every_service(system):
    rasa_url, launcher, ports = system
    launcher.send_signal(signal.SIGINT)
    output, _ = launcher.communicate(timeout=60)
    assert launcher.returncode == 0
    assert "已全部停止 (all stopped)." in output
    for port in ports.values():
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
