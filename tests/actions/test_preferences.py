"""Opting out of reminders: recorded in the claims API before the claimant is told."""

from datetime import datetime, timedelta

import httpx
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.deadlines import SHANGHAI
from actions.preferences import ActionStopReminders
from tests.actions.conftest import make_tracker, response_text, said
from tests.conftest import free_port

SERVICE = {"X-Service-Key": "dev-service-key"}


STOPPED = response_text("utter_reminders_stopped")
OPT_OUT_FAILED = response_text("utter_opt_out_failed")


async def stop(sender):
    dispatcher = CollectingDispatcher()
    events = await ActionStopReminders().run(dispatcher, make_tracker(sender, {}, "别再提醒我了", "stop_reminders"), {})
    assert events == []
    return said(dispatcher.messages)


@pytest.mark.asyncio
async def test_the_opt_out_is_recorded_and_scheduled_reminders_are_cancelled(claims_api_url, monkeypatch):
    monkeypatch.setenv("CLAIMS_API_URL", claims_api_url)
    with httpx.Client(base_url=claims_api_url, headers=SERVICE) as api:
        due = (datetime.now(SHANGHAI) + timedelta(hours=5)).isoformat()
        api.post(
            "/api/v1/followups",
            json={"conversation_id": "claimant-opts-out", "channel": "web", "kind": "notice_reminder", "due_at": due},
        ).raise_for_status()
        assert await stop("claimant-opts-out") == [STOPPED]
        preference = api.get("/api/v1/preferences/claimant-opts-out").json()
        followups = api.get("/api/v1/followups", params={"conversation_id": "claimant-opts-out"}).json()["items"]
    assert preference["opted_out_of_reminders"] is True
    assert [f["status"] for f in followups] == ["cancelled"]


@pytest.mark.asyncio
async def test_when_the_api_is_down_nothing_is_promised(monkeypatch):
    monkeypatch.setenv("CLAIMS_API_URL", f"http://127.0.0.1:{free_port()}")
    assert await stop("claimant-opts-out") == [OPT_OUT_FAILED]
    assert "不再" not in OPT_OUT_FAILED
