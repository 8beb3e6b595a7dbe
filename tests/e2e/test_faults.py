"""Faults of a running system: Rasa restarted in the middle of a form, the action server down for a while."""

import httpx
import pytest

from tests.e2e.conftest import Services, say

# bot.rasa_patches.action_server_failures.ACTION_SERVER_DOWN_TEXT, as the claimant reads it (this test runs outside Rasa's venv).
ACTION_SERVER_DOWN_TEXT = (
    "抱歉，系统这会儿出了点问题，刚才这一步没能完成。您告诉我的内容都还在，请过一两分钟再发一次；"
    "情况紧急的话，可以直接拨打保险公司的客服电话。"
)

TIME_QUESTION = "事故是什么时候发生的？说个大概就行，比如“昨天晚上八点”。"
DRIVER_QUESTION = "出事时开车的驾驶员叫什么名字？如果是您自己开的，回复“我”就行。"
PLATE_QUESTION = "出事车辆的车牌号是多少？比如“苏A12345”。没看清的话，回复“不清楚”。"


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    """The whole system, started once for the module; each test stops and starts what it needs."""
    services = Services(tmp_path_factory.mktemp("faults"))
    try:
        services.start_all()
        yield services
    finally:
        services.stop_all()


def slots(system: Services, sender: str) -> dict:
    """The conversation's slots as Rasa's tracker store holds them."""
    response = httpx.get(
        f"{system.rasa_url}/conversations/{sender}/tracker", params={"token": system.env["RASA_TOKEN"]}, timeout=30
    )
    response.raise_for_status()
    return response.json()["slots"]


def test_a_report_continues_after_rasa_restarts_in_the_middle_of_the_form(system):
    sender = "fault-rasa-restart"
    assert say(system.rasa_url, sender, "我要报案")[-1] == TIME_QUESTION
    assert say(system.rasa_url, sender, "昨天晚上八点在南京中山路") == [DRIVER_QUESTION]

    system.stop("Rasa server")
    system.start("Rasa server")

    assert say(system.rasa_url, sender, "王强") == [PLATE_QUESTION]
    assert {name: slots(system, sender)[name] for name in ("accident_place", "driver_name", "requested_slot")} == {
        "accident_place": "南京中山路",
        "driver_name": "王强",
        "requested_slot": "plate_number",
    }
    for answer in ("苏A12345", "我在路口直行，被右边的车撞了", "/affirm", "没有", "前保险杠撞坏了", "王强"):
        say(system.rasa_url, sender, answer)
    summary = say(system.rasa_url, sender, "13812345678")[-1]
    assert summary.startswith("请核对一下我记下的内容：\n出险时间：")
    assert "\n出险地点：南京中山路\n驾驶员：王强\n车牌号：苏A12345\n" in summary


def test_with_the_action_server_down_the_claimant_gets_a_kind_reply_and_can_go_on_later(system):
    sender = "fault-actions-down"
    assert say(system.rasa_url, sender, "我要报案")[-1] == TIME_QUESTION

    system.stop("action server")
    try:
        assert say(system.rasa_url, sender, "昨天晚上八点在南京中山路") == [ACTION_SERVER_DOWN_TEXT]
        assert say(system.rasa_url, "fault-actions-down-status", "查一下理赔进度") == [ACTION_SERVER_DOWN_TEXT]
    finally:
        system.start("action server")

    assert slots(system, sender)["accident_time"] is None
    assert say(system.rasa_url, sender, "昨天晚上八点在南京中山路") == [DRIVER_QUESTION]
    assert slots(system, sender)["accident_place"] == "南京中山路"
