"""Locust load test: claimants ask a question, report an accident in full and check its status, through REST.

Run by scripts/bench_load.py (`make bench-load`), which starts a fresh system and checks that no report was lost:
each completed report's claim number is written to the file named by LOAD_REPORTS_FILE when the test stops.
"""

import json
import os
import random
import uuid
from typing import List

from locust import HttpUser, between, events, task

COMPLETED_CLAIMS: List[str] = []
FAQ_QUESTIONS = ["交强险最多能赔多少钱", "对方全责的话我的医药费谁出", "误工费怎么算", "伤残鉴定在哪里做"]


class Claimant(HttpUser):
    """One injured claimant at a time: a new conversation per task, with their own plate and phone number."""

    wait_time = between(1, 3)

    def say(self, sender: str, text: str, expect: str, name: str) -> str:
        """Send one message; the request fails unless a reply contains `expect`. Returns the reply, or "" on failure."""
        with self.client.post(
            "/webhooks/rest/webhook", json={"sender": sender, "message": text}, name=name, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return ""
            reply = " ".join(message.get("text") or "" for message in response.json())
            if not reply or expect not in reply:
                response.failure(f"expected {expect!r} in reply to {text!r}, got {reply[:80]!r}")
                return ""
            return reply

    @task(3)
    def report_an_accident(self) -> None:
        """A question, a full report (as in tests/e2e/test_journeys.py), then its status after verification."""
        sender = f"load-{uuid.uuid4().hex[:12]}"
        plate = f"苏A{random.randint(10000, 99999)}"
        phone = f"138{random.randint(10000000, 99999999)}"
        self.say(sender, random.choice(FAQ_QUESTIONS), "", "faq")
        turns = [
            ("我要报案", "事故是什么时候发生的"),
            ("昨天晚上八点在南京中山路", "驾驶员叫什么名字"),
            ("王强", "车牌号"),
            (plate, "事故经过"),
            ("我在路口直行，被右边的车撞了", "报警了吗"),
            ("/affirm", "有人受伤吗"),
            ("我腿骨折了", "送医院了吗"),
            ("/affirm", "哪家医院"),
            ("南京鼓楼医院", "车辆损坏"),
            ("前保险杠撞坏了", "怎么称呼"),
            ("王强", "手机号"),
            (phone, "请核对"),
        ]
        for text, expect in turns:
            if not self.say(sender, text, expect, "report form"):
                return
        submitted = self.say(sender, "/affirm", "报案号是 RPT", "report submit (API)")
        if not submitted:
            return
        claim_number = submitted.split("报案号是 ")[1][:17]
        COMPLETED_CLAIMS.append(claim_number)
        if self.say(sender, "我的案子到哪一步了", "为了保护您的信息", "status form"):
            self.say(sender, phone[-4:], f"您的案件（{claim_number}）现在的状态是", "status verify (API)")

    @task(1)
    def ask_about_an_unknown_claim(self) -> None:
        """The status journey with a claim number that does not exist: never shown, asked again."""
        sender = f"load-{uuid.uuid4().hex[:12]}"
        if self.say(sender, "查一下理赔进度", "报案号", "status form") and self.say(
            sender, "RPT20200101000001", "为了保护您的信息", "status form"
        ):
            self.say(sender, "5678", "没有找到匹配的案件", "status verify (API)")


@events.test_stop.add_listener
def write_completed_reports(**_: object) -> None:
    """Hand the claim numbers the claimants were given to the checker."""
    path = os.environ.get("LOAD_REPORTS_FILE")
    if path:
        with open(path, "w") as out:
            json.dump(COMPLETED_CLAIMS, out)
