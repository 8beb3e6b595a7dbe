"""One conversation through all three services, started the way `make run` starts them."""

import signal
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.e2e.conftest import say

SHANGHAI = ZoneInfo("Asia/Shanghai")


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


def test_ctrl_c_stops_every_service(system):
    rasa_url, launcher, ports = system
    launcher.send_signal(signal.SIGINT)
    output, _ = launcher.communicate(timeout=60)
    assert launcher.returncode == 0
    assert "已全部停止 (all stopped)." in output
    for port in ports.values():
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
