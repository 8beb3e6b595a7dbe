"""Two real Rasa replicas sharing PostgreSQL and Redis: a claimant's quick messages spread over both are each kept
once, and numbered ones are answered in send order.

Runs with the lock store of deploy/endpoints.scale.yml; `RACE_LOCK_STORE=rasa-redis` runs the same race with
Rasa's own `redis` lock store instead, which loses messages (docs/scale.md).
"""

import asyncio
import os
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from scripts.conversation_race import RaceFigures, race
from scripts.run_services import (
    Service,
    launch,
    migrate_database,
    rasa_token,
    service_environment,
    services,
    stop_group,
)
from tests.conftest import ROOT, free_port, postgres_database, wait_until_healthy

CONVERSATIONS = 60
NUMBERED_CONVERSATIONS = 30
AT_ONCE = 4
RASA_REDIS_LOCK_STORE = {"type": "redis", "url": "${REDIS_HOST}", "port": "${REDIS_PORT}", "db": 1}


def endpoints_file(state: Path) -> str:
    """deploy/endpoints.scale.yml, or a copy with Rasa's own redis lock store when RACE_LOCK_STORE=rasa-redis."""
    if os.environ.get("RACE_LOCK_STORE") != "rasa-redis":
        return "deploy/endpoints.scale.yml"
    endpoints = yaml.safe_load((ROOT / "deploy" / "endpoints.scale.yml").read_text())
    endpoints["lock_store"] = RASA_REDIS_LOCK_STORE
    path = state / "endpoints.rasa-redis.yml"
    path.write_text(yaml.safe_dump(endpoints))
    return str(path)


@pytest.fixture(scope="module")
def replicas(tmp_path_factory, redis_url):
    """Claims API, action server and two Rasa replicas on free ports; yields the replicas' URLs."""
    state = tmp_path_factory.mktemp("scale")
    ports = {name: str(free_port()) for name in ("API_PORT", "ACTIONS_PORT", "RASA_PORT")}
    redis_port = redis_url.rsplit(":", 1)[1].split("/")[0]
    environ = dict(
        os.environ,
        **ports,
        DATABASE_URL=f"sqlite:///{state / 'claims.db'}",
        ACTIONS_OUTBOX_DB=str(state / "report_outbox.db"),
        RASA_TRACKER_DB_URL=postgres_database(f"race_tracker_{os.getpid()}"),
        REDIS_HOST="127.0.0.1",
        REDIS_PORT=redis_port,
        SOCKETIO_REDIS_URL=redis_url,
        REST_REDIS_URL=redis_url.replace("/0", "/4"),
    )
    env = service_environment(environ)
    migrate_database(env)
    api, actions, _ = services(environ)[:3]
    # The second replica starts once the first has created the tracker tables.
    replicas = [
        scaled(services(dict(environ, RASA_PORT=port))[2], endpoints_file(state))
        for port in (ports["RASA_PORT"], str(free_port()))
    ]
    started = []
    try:
        for service in (api, actions, *replicas):
            started.append(launch(service, env, state / f"{service.name.replace(' ', '_')}_{service.port}.log"))
            wait_until_healthy(service.url + service.health_path, started[-1], timeout=600)
        yield [replica.url for replica in replicas], rasa_token(env)
    finally:
        for process in reversed(started):
            stop_group(process)


def scaled(rasa: Service, endpoints: str) -> Service:
    """The Rasa server with the scaled-out topology's endpoints and channels."""
    command = list(rasa.command)
    command[command.index("--endpoints") + 1] = endpoints
    command[command.index("--credentials") + 1] = "deploy/credentials.scale.yml"
    return replace(rasa, command=command)


def report(figures: RaceFigures) -> None:
    """Print what the trackers kept, for the note and for a failing run."""
    print(
        f"{figures.messages_sent} {'numbered' if figures.numbered else 'unnumbered'} messages in "
        f"{figures.conversations} conversations: {figures.lost} lost, {figures.duplicated} duplicated, "
        f"{figures.failed_requests} failed requests, {len(figures.broken)} conversations broken, "
        f"{len(figures.reordered)} reordered",
        *figures.broken,
        *figures.reordered,
        sep="\n  ",
    )


def test_quick_messages_spread_over_two_replicas_are_each_kept_once_and_answered_alone(replicas):
    urls, token = replicas

    figures = asyncio.run(race(urls, token, CONVERSATIONS, AT_ONCE, prefix=f"race-{os.getpid()}"))

    report(figures)
    assert figures.broken == []
    assert (figures.lost, figures.duplicated, figures.failed_requests) == (0, 0, 0)


def test_numbered_messages_spread_over_two_replicas_are_answered_in_send_order(replicas):
    urls, token = replicas

    figures = asyncio.run(
        race(urls, token, NUMBERED_CONVERSATIONS, AT_ONCE, prefix=f"numbered-race-{os.getpid()}", numbered=True)
    )

    report(figures)
    assert figures.broken == []
    assert (figures.lost, figures.duplicated, figures.failed_requests) == (0, 0, 0)
