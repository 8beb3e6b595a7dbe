"""The action server runs actions only for callers with the shared token; production refuses development secrets."""

import os
import subprocess
import sys

import httpx
import pytest

from tests.actions.conftest import said
from tests.conftest import ROOT, free_port, wait_until_healthy

TOKEN = "action-server-test-token"
STRONG = "s" * 32
REFUSAL = "the X-Action-Server-Token header is missing or wrong"
# What Rasa posts to /webhook: the action to run and the conversation's tracker (here, a relayed agent message).
ACTION_CALL = {
    "next_action": "action_relay_agent_message",
    "sender_id": "claimant-1",
    "version": "3.6.2",
    "domain": {},
    "tracker": {
        "sender_id": "claimant-1",
        "slots": {"agent_message": "您好，我来帮您。"},
        "latest_message": {},
        "events": [],
        "paused": True,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": "action_listen",
    },
}


@pytest.fixture(scope="module")
def action_server():
    """`python -m actions.server` as scripts/run_services.py starts it, with a test token."""
    port = free_port()
    env = dict(os.environ, ACTION_SERVER_TOKEN=TOKEN, APP_ENV="development")
    env.pop("ACTIONS_HOST", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "actions.server", "--actions", "actions", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(f"{url}/health", process, timeout=120)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.parametrize(
    "headers", [{}, {"X-Action-Server-Token": "dev-action-server-token"}, {"X-Action-Server-Token": "令牌".encode()}]
)
def test_a_webhook_call_without_the_token_runs_nothing(action_server, headers):
    answer = httpx.post(f"{action_server}/webhook", json=ACTION_CALL, headers=headers)

    assert (answer.status_code, answer.json()) == (401, {"error": REFUSAL})


def test_the_action_list_needs_the_token_too(action_server):
    assert httpx.get(f"{action_server}/actions").status_code == 401


def test_rasa_with_the_token_gets_the_action_run(action_server):
    answer = httpx.post(f"{action_server}/webhook", json=ACTION_CALL, headers={"X-Action-Server-Token": TOKEN})

    assert answer.status_code == 200
    assert said(answer.json()["responses"]) == ["人工理赔员：您好，我来帮您。"]


def test_the_health_check_needs_no_token(action_server):
    answer = httpx.get(f"{action_server}/health")

    assert (answer.status_code, answer.json()) == (200, {"status": "ok"})


def test_the_server_listens_on_loopback_only_by_default(action_server):
    port = action_server.rsplit(":", 1)[1]
    listening = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True).stdout

    assert [line.split()[3] for line in listening.splitlines()] == [f"127.0.0.1:{port}"]


def test_the_server_does_not_start_in_production_with_the_development_token():
    env = dict(os.environ, APP_ENV="production", CLAIMS_API_SERVICE_KEY=STRONG)
    env.pop("ACTION_SERVER_TOKEN", None)
    started = subprocess.run(
        [sys.executable, "-m", "actions.server", "--port", str(free_port())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert started.returncode == 1
    assert "ACTION_SERVER_TOKEN must be set to a secret of at least 32 characters in production." in started.stderr
