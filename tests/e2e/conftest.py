"""The whole system started the way `make run` starts it, and a REST helper to talk to it."""

import os
import signal
import subprocess

import httpx
import pytest

from tests.conftest import ROOT, free_port, wait_until_healthy


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    """The whole system on free ports and fresh databases; yields the Rasa URL, the launcher and the ports."""
    state = tmp_path_factory.mktemp("system")
    ports = {name: free_port() for name in ("API_PORT", "ACTIONS_PORT", "RASA_PORT")}
    env = dict(os.environ, **{k: str(v) for k, v in ports.items()},
               DATABASE_URL=f"sqlite:///{state / 'claims.db'}", RASA_TRACKER_DB=str(state / "tracker.db"),
               # Quiet hours off and a fast poll: pushes are checked whatever the time of day (tests/api covers quiet hours).
               QUIET_HOURS_START="00:00", QUIET_HOURS_END="00:00", FOLLOWUP_POLL_SECONDS="1")
    launcher = subprocess.Popen([str(ROOT / ".venv/rasa/bin/python"), "scripts/run_services.py"], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    rasa_url = f"http://127.0.0.1:{ports['RASA_PORT']}"
    try:
        wait_until_healthy(f"{rasa_url}/status?token={os.environ.get('RASA_TOKEN', 'dev-rasa-token')}", launcher,
                           timeout=600)
        yield rasa_url, launcher, ports
    finally:
        if launcher.poll() is None:
            launcher.send_signal(signal.SIGINT)
            launcher.wait(timeout=60)


def say(rasa_url: str, sender: str, text: str) -> list:
    """Send a message through the REST channel and return the bot's texts."""
    response = httpx.post(f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60)
    response.raise_for_status()
    return [message.get("text") for message in response.json()]
