"""The whole system started the way `make run` starts it, services that can be stopped one by one, and a REST helper."""

import os
import signal
import subprocess
from pathlib import Path
from typing import Dict
from zoneinfo import ZoneInfo

import httpx
import pytest

from scripts.run_services import launch, migrate_database, service_environment, services, stop_group
from tests.conftest import ROOT, free_port, wait_until_healthy

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    """The whole system on free ports and fresh databases; yields the Rasa URL, the launcher and the ports."""
    state = tmp_path_factory.mktemp("system")
    ports = {name: free_port() for name in ("API_PORT", "ACTIONS_PORT", "RASA_PORT")}
    env = dict(
        os.environ,
        **{k: str(v) for k, v in ports.items()},
        DATABASE_URL=f"sqlite:///{state / 'claims.db'}",
        RASA_TRACKER_DB=str(state / "tracker.db"),
        ACTIONS_OUTBOX_DB=str(state / "report_outbox.db"),
        # Quiet hours off and a fast poll: pushes are checked whatever the time of day (tests/api covers quiet hours).
        QUIET_HOURS_START="00:00",
        QUIET_HOURS_END="00:00",
        FOLLOWUP_POLL_SECONDS="1",
    )
    launcher = subprocess.Popen(
        [str(ROOT / ".venv/rasa/bin/python"), "-m", "scripts.run_services"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    rasa_url = f"http://127.0.0.1:{ports['RASA_PORT']}"
    try:
        wait_until_healthy(
            f"{rasa_url}/status?token={os.environ.get('RASA_TOKEN', 'dev-rasa-token')}", launcher, timeout=600
        )
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


class Services:
    """The system's services on free ports and fresh databases, started as `make run` does; each can be stopped alone."""

    def __init__(self, state: Path, **settings: str) -> None:
        ports = {name: str(free_port()) for name in ("API_PORT", "ACTIONS_PORT", "RASA_PORT")}
        environ = dict(
            os.environ,
            **ports,
            DATABASE_URL=f"sqlite:///{state / 'claims.db'}",
            RASA_TRACKER_DB=str(state / "tracker.db"),
            ACTIONS_OUTBOX_DB=str(state / "report_outbox.db"),
            QUIET_HOURS_START="00:00",
            QUIET_HOURS_END="00:00",
            FOLLOWUP_POLL_SECONDS="1",
            **settings,
        )
        self.env = service_environment(environ)
        self.by_name = {service.name: service for service in services(environ)}
        self.logs = state
        self.processes: Dict[str, subprocess.Popen] = {}
        self.rasa_url = self.by_name["Rasa server"].url
        self.api_url = self.by_name["claims API"].url

    def start_all(self) -> None:
        migrate_database(self.env)
        for name in self.by_name:
            self.start(name)

    def start(self, name: str) -> None:
        """Start one service and wait until it answers its health check."""
        service = self.by_name[name]
        process = launch(service, self.env, self.logs / f"{service.name.replace(' ', '_')}.log")
        self.processes[name] = process
        if service.health_path:
            wait_until_healthy(service.url + service.health_path, process, timeout=600)

    def stop(self, name: str) -> None:
        """Stop one service (SIGTERM to its process group), as a crash or a deploy would."""
        stop_group(self.processes.pop(name))

    def stop_all(self) -> None:
        for name in reversed(list(self.processes)):
            self.stop(name)
