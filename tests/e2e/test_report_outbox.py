"""Issue 7: the claims API goes down during a report; the bot keeps the report and files it once the API is back."""

import os
import time

import httpx
import pytest

from tests.e2e.conftest import Services, say

SERVICE = {"X-Service-Key": "dev-service-key"}
SENDER = "outbox-claimant"
# The report form as a REST claimant fills it in (scripts/bench_latency.py REPORT), with the question each turn ends on.
FORM_TURNS = [
    ("我要报案", "事故是什么时候发生的"),
    ("昨天晚上八点在南京中山路", "驾驶员叫什么名字"),
    ("王强", "车牌号"),
    ("苏A12345", "事故经过"),
    ("我在路口直行，被右边的车撞了", "报警了吗"),
    ("/affirm", "有人受伤吗"),
    ("我腿骨折了", "送医院了吗"),
    ("/affirm", "哪家医院"),
    ("南京鼓楼医院", "车辆损坏"),
    ("前保险杠撞坏了", "怎么称呼"),
    ("王强", "手机号"),
    ("13812345678", "请核对"),
]
REPORT_HELD = (
    "抱歉，理赔系统暂时连不上。您的报案内容已经保存好了，一项都不会丢。"
    "系统恢复后会自动提交，提交好了我马上把报案号发给您。情况紧急的话，也可以直接拨打保险公司的客服电话报案。"
)
REPORT_FILED = (
    "您之前的报案已经提交成功，报案号是 {claim_number}。请把它记下来，查进度、交材料、申请垫付都要用。"
    "理赔人员会尽快给您打电话（尾号5678），请保持电话畅通。"
)


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    """Every service on free ports, the drainer polling each second."""
    services = Services(tmp_path_factory.mktemp("report_outbox"), OUTBOX_POLL_SECONDS="1")
    try:
        services.start_all()
        yield services
    finally:
        services.stop_all()


def held_report_filed(api: httpx.Client, timeout: float = 120) -> dict:
    """The report_filed nudge once the worker holds it for the REST claimant's next turn."""
    deadline = time.monotonic() + timeout
    while True:
        items = api.get("/api/v1/followups", params={"conversation_id": SENDER, "kind": "report_filed"}).json()["items"]
        if items and items[0]["status"] == "awaiting_turn":
            return items[0]
        assert time.monotonic() < deadline, items
        time.sleep(1)


def test_a_report_made_while_the_claims_api_is_down_is_filed_once_it_is_back(system):
    system.stop("claims API")
    for text, question in FORM_TURNS:
        assert question in say(system.rasa_url, SENDER, text)[-1]
    assert say(system.rasa_url, SENDER, "/affirm") == [REPORT_HELD]

    system.start("claims API")
    with httpx.Client(base_url=system.api_url, headers=SERVICE, timeout=10) as api:
        claim_number = held_report_filed(api)["claim_number"]

        assert REPORT_FILED.format(claim_number=claim_number) in say(system.rasa_url, SENDER, "谢谢")

        token = api.post("/api/v1/auth/token", data={"username": "agent", "password": "agent-dev-password"})
        agent = {"Authorization": f"Bearer {token.json()['access_token']}"}
        claims = api.get("/api/v1/claims", params={"reporter_phone": "13812345678"}, headers=agent).json()
    assert [(c["claim_number"], c["conversation_id"], c["hospital"]) for c in claims["items"]] == [
        (claim_number, SENDER, "南京鼓楼医院")
    ]
    tracker = httpx.get(
        f"{system.rasa_url}/conversations/{SENDER}/tracker",
        params={"token": os.environ.get("RASA_TOKEN", "dev-rasa-token")},
        timeout=10,
    ).json()
    assert tracker["slots"]["claim_number"] == claim_number
