"""The REST channel shows nudges held for a conversation in the reply to the claimant's next turn, once."""

import asyncio
import os
import sqlite3
import subprocess

import aiohttp
import pytest
import yaml
from rasa.core.agent import load_agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.run import _create_single_channel
from rasa.shared.exceptions import RasaException

from bot.channels.rest import NudgingRestInput
from bot.http_sessions import close_kept_sessions
from tests.bot.conftest import MODEL
from tests.conftest import ROOT, free_port, wait_until_healthy

SERVICE = {"X-Service-Key": "dev-service-key"}


def test_the_credentials_load_it_as_the_rest_channel_at_the_same_url():
    credentials = yaml.safe_load((ROOT / "bot" / "credentials.yml").read_text())
    assert "rest" not in credentials
    name = "bot.channels.rest.NudgingRestInput"
    channel = _create_single_channel(name, credentials[name])
    assert isinstance(channel, NudgingRestInput)
    assert (channel.name(), channel.url_prefix()) == ("rest", "rest")


@pytest.mark.parametrize("service_key", [None, "dev-service-key"])
def test_production_refuses_the_development_service_key(monkeypatch, service_key):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("CLAIMS_API_SERVICE_KEY", raising=False)
    if service_key:
        monkeypatch.setenv("CLAIMS_API_SERVICE_KEY", service_key)
    with pytest.raises(RasaException, match="CLAIMS_API_SERVICE_KEY"):
        NudgingRestInput()


@pytest.fixture
def claims_api(tmp_path, monkeypatch):
    """The real claims API on a fresh SQLite file; yields its URL and the file, and points the channel at it."""
    port, database = free_port(), tmp_path / "claims.db"
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{database}",
        APP_ENV="development",
        CLAIMS_API_SERVICE_KEY="dev-service-key",
    )
    subprocess.run(
        [str(ROOT / ".venv/api/bin/alembic"), "-c", "api/alembic.ini", "upgrade", "head"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    process = subprocess.Popen(
        [str(ROOT / ".venv/api/bin/uvicorn"), "api.main:app", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    monkeypatch.setenv("CLAIMS_API_URL", url)
    monkeypatch.setenv("CLAIMS_API_SERVICE_KEY", "dev-service-key")
    try:
        wait_until_healthy(f"{url}/api/v1/health", process)
        yield url, database
    finally:
        process.terminate()
        process.wait(timeout=20)


def _followup_events(tracker) -> list[dict]:
    return [
        {entity["entity"]: entity["value"] for entity in event.entities}
        for event in tracker.events
        if event.type_name == "user" and event.intent_name == "EXTERNAL_followup"
    ]


@pytest.mark.trained_model
def test_held_nudges_join_the_reply_to_the_next_turn(claims_api):
    url, database = claims_api
    asyncio.run(_held_nudges_join_the_reply(url, database))


async def _held_nudges_join_the_reply(url: str, database) -> None:
    # A new connection per call: loading the model takes longer than the API keeps an idle connection open.
    connector = aiohttp.TCPConnector(force_close=True)
    async with aiohttp.ClientSession(url, headers=SERVICE, connector=connector) as api:
        ids = []
        for conversation in ("rest-claimant", "someone-else"):
            async with api.post(
                "/api/v1/followups",
                json={
                    "conversation_id": conversation,
                    "channel": "rest",
                    "kind": "callback",
                    "due_at": "2026-01-01T08:00:00",
                },
            ) as r:
                assert r.status == 201
                ids.append((await r.json())["id"])
        # What the worker does with a due nudge for a channel that cannot push.
        with sqlite3.connect(database) as connection:
            connection.execute("UPDATE followups SET status = 'awaiting_turn'")

        agent = await load_agent(model_path=str(MODEL))
        channel = NudgingRestInput()
        for turn in ("你好", "谢谢"):
            message = UserMessage(turn, CollectingOutputChannel(), "rest-claimant", input_channel="rest")
            await channel.answer_and_deliver_held(agent.handle_message, agent, message)

        # The nudge's words come from the action server, which this test does not start: tests/e2e/test_followups.py
        # checks them; here the channel must have triggered the follow-up into this conversation once.
        tracker = await agent.tracker_store.retrieve("rest-claimant")
        assert _followup_events(tracker) == [{"followup_id": str(ids[0]), "followup_kind": "callback"}]
        statuses = []
        for followup_id in ids:
            async with api.get(f"/api/v1/followups/{followup_id}") as r:
                statuses.append((await r.json())["status"])
        assert statuses == ["delivered", "awaiting_turn"]
    await close_kept_sessions()
