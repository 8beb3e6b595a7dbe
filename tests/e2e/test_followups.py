"""Proactive follow-ups through the whole system: held for a REST claimant's next turn, and durable across restarts."""

import os
import signal
import subprocess
import time
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from tests.conftest import ROOT, free_port, wait_until_healthy
from tests.e2e.conftest import say

SERVICE = {"X-Service-Key": "dev-service-key"}
ASK_CLAIM_NUMBER = "请告诉我您的报案号，一般是RPT开头的一串编号，报案后短信或电话里会告诉您。"


class System:
    """The whole system started by scripts/run_services.py, which can be stopped and started again on its databases."""

    def __init__(self, state) -> None:
        self.ports = {name: free_port() for name in ("API_PORT", "ACTIONS_PORT", "RASA_PORT")}
        # Quiet hours off: this test checks delivery whatever the time of day; tests/api covers quiet hours.
        self.env = dict(
            os.environ,
            **{k: str(v) for k, v in self.ports.items()},
            DATABASE_URL=f"sqlite:///{state / 'claims.db'}",
            RASA_TRACKER_DB=str(state / "tracker.db"),
            ACTIONS_OUTBOX_DB=str(state / "report_outbox.db"),
            FOLLOWUP_POLL_SECONDS="1",
            QUIET_HOURS_START="00:00",
            QUIET_HOURS_END="00:00",
        )
        self.rasa_url = f"http://127.0.0.1:{self.ports['RASA_PORT']}"
        self.token = self.env.get("RASA_TOKEN", "dev-rasa-token")
        self.api = httpx.Client(base_url=f"http://127.0.0.1:{self.ports['API_PORT']}", headers=SERVICE, timeout=10)
        self.launcher: subprocess.Popen | None = None

    def start(self) -> None:
        self.launcher = subprocess.Popen(
            [str(ROOT / ".venv/rasa/bin/python"), "-m", "scripts.run_services"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until_healthy(f"{self.rasa_url}/status?token={self.token}", self.launcher, timeout=600)

    def stop(self) -> None:
        if self.launcher and self.launcher.poll() is None:
            self.launcher.send_signal(signal.SIGINT)
            self.launcher.wait(timeout=90)

    def schedule(self, conversation_id: str, kind: str, due_at: datetime) -> dict:
        response = self.api.post(
            "/api/v1/followups",
            json={"conversation_id": conversation_id, "channel": "rest", "kind": kind, "due_at": due_at.isoformat()},
        )
        assert response.status_code == 201, response.text
        return response.json()

    def followup(self, followup_id: int) -> dict:
        return self.api.get(f"/api/v1/followups/{followup_id}").json()

    def wait_for_status(self, followup_id: int, status: str, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        while (followup := self.followup(followup_id))["status"] != status:
            assert time.monotonic() < deadline, followup
            time.sleep(0.5)
        return followup

    def followup_events(self, conversation_id: str) -> list[dict]:
        """The EXTERNAL_followup user events in the conversation's tracker, with their entities."""
        tracker = httpx.get(
            f"{self.rasa_url}/conversations/{conversation_id}/tracker", params={"token": self.token}, timeout=10
        ).json()
        return [
            {entity["entity"]: entity["value"] for entity in event["parse_data"]["entities"]}
            for event in tracker["events"]
            if event["event"] == "user" and event["parse_data"]["intent"]["name"] == "EXTERNAL_followup"
        ]


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    """The whole system on free ports and fresh databases, stopped at the end."""
    running = System(tmp_path_factory.mktemp("followups"))
    running.start()
    try:
        yield running
    finally:
        running.stop()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_a_nudge_for_a_rest_conversation_comes_with_the_reply_to_the_claimants_next_turn_once(system):
    sender = "e2e-followup-rest"
    say(system.rasa_url, sender, "你好")
    followup = system.schedule(sender, "callback", _now())
    system.wait_for_status(followup["id"], "awaiting_turn")
    assert system.followup_events(sender) == []

    replies = say(system.rasa_url, sender, "我想问一下理赔进度")
    assert system.followup(followup["id"])["status"] == "delivered"
    assert system.followup_events(sender) == [{"followup_id": str(followup["id"]), "followup_kind": "callback"}]
    # The status form asked for the 报案号; the nudge comes after it, and the form asks again.
    assert replies == [
        ASK_CLAIM_NUMBER,
        "您好，我们的理赔员会尽快给您回电，请留意电话。有着急的事，也可以直接在这里告诉我。",
        ASK_CLAIM_NUMBER,
    ]

    say(system.rasa_url, sender, "好的")
    assert len(system.followup_events(sender)) == 1


def test_a_nudge_scheduled_before_a_restart_is_delivered_once_after_it_and_not_before_it_is_due(system):
    sender = "e2e-followup-restart"
    say(system.rasa_url, sender, "你好")
    soon = system.schedule(sender, "status_change", _now() + timedelta(seconds=20))
    tomorrow = system.schedule(sender, "treatment_checkin", _now() + timedelta(days=1))
    system.stop()
    system.start()

    held = system.wait_for_status(soon["id"], "awaiting_turn")
    assert _at(held["updated_at"]) >= _at(soon["due_at"])
    assert system.followup(tomorrow["id"])["status"] == "scheduled"
    say(system.rasa_url, sender, "在吗")
    say(system.rasa_url, sender, "还有别的事吗")
    assert system.followup(soon["id"])["status"] == "delivered"
    assert system.followup_events(sender) == [{"followup_id": str(soon["id"]), "followup_kind": "status_change"}]
    assert system.followup(tomorrow["id"])["status"] == "scheduled"
