"""The conversation lock store on a real PostgreSQL: one holder per conversation, waiters in order, bounded waits."""

import asyncio
import os
import subprocess
import sys
import time

import pytest
from rasa.core.lock_store import LockError
from rasa.utils.endpoints import EndpointConfig

from bot.lock_store import PostgresLockStore
from tests.conftest import ROOT, postgres_database


@pytest.fixture(scope="module")
def database_url():
    return postgres_database(f"lock_store_{os.getpid()}")


def store(url: str, **settings) -> PostgresLockStore:
    # A few connections each: every store of this module keeps its pool open until the module ends.
    settings.setdefault("max_connections", "6")
    return PostgresLockStore(EndpointConfig(url=url, type="bot.lock_store.PostgresLockStore", **settings))


async def take_turn(replica: PostgresLockStore, conversation_id: str, name: str, log: list, seconds: float) -> None:
    async with replica.lock(conversation_id):
        log.append(f"{name} in")
        await asyncio.sleep(seconds)
        log.append(f"{name} out")


def test_turns_of_one_conversation_on_two_replicas_run_one_at_a_time_in_arrival_order(database_url):
    async def scenario() -> list:
        replicas, log = [store(database_url), store(database_url)], []
        for replica in replicas:  # serving already: their connections are open
            await take_turn(replica, "claimant-warm-up", "warm-up", [], 0)
        turns = []
        for n in range(6):
            turns.append(asyncio.create_task(take_turn(replicas[n % 2], "claimant-1", f"turn {n}", log, 0.05)))
            await asyncio.sleep(0.02)
        await asyncio.gather(*turns)
        return log

    assert asyncio.run(scenario()) == [f"turn {n} {step}" for n in range(6) for step in ("in", "out")]


def while_held(
    holder: PostgresLockStore, held: str, hold_seconds: float, other: PostgresLockStore, wanted: str
) -> list:
    """One turn holds `held` for a while; another turn, started just after, wants `wanted`; both turns' steps."""

    async def scenario() -> list:
        log = []
        holding = asyncio.create_task(take_turn(holder, held, "holder", log, hold_seconds))
        await asyncio.sleep(0.1)
        try:
            await take_turn(other, wanted, "other", log, 0)
        finally:
            await holding
        return log

    return asyncio.run(scenario())


def test_other_conversations_are_not_held_up(database_url):
    replica = store(database_url)
    assert while_held(replica, "claimant-slow", 1.0, replica, "claimant-quick") == [
        "holder in",
        "other in",
        "other out",
        "holder out",
    ]


def test_a_turn_waiting_longer_than_the_wait_gets_a_lock_error(database_url):
    replica = store(database_url, wait_seconds="0.5")
    with pytest.raises(LockError) as refused:
        while_held(replica, "claimant-busy", 2.0, replica, "claimant-busy")
    assert str(refused.value) == "Conversation 'claimant-busy' stayed locked by other turns for 0.5 s."


def test_a_replica_that_hangs_holding_a_conversation_frees_it_when_the_lease_runs_out(database_url):
    hung, healthy = store(database_url, lease_seconds="1"), store(database_url)
    assert while_held(hung, "claimant-stuck", 3.0, healthy, "claimant-stuck") == [
        "holder in",
        "other in",
        "other out",
        "holder out",
    ]


HOLD_AND_HANG = """
import asyncio, sys
from rasa.utils.endpoints import EndpointConfig
from bot.lock_store import PostgresLockStore

async def hold():
    async with PostgresLockStore(EndpointConfig(url=sys.argv[1])).lock("claimant-dead"):
        print("held", flush=True)
        await asyncio.sleep(600)

asyncio.run(hold())
"""


def test_a_replica_that_dies_holding_a_conversation_frees_it_at_once(database_url):
    replica = subprocess.Popen(
        [sys.executable, "-c", HOLD_AND_HANG, database_url], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert replica.stdout.readline() == "held\n"
    replica.kill()
    replica.wait()
    started = time.monotonic()

    asyncio.run(take_turn(store(database_url, wait_seconds="5"), "claimant-dead", "next", [], 0))

    assert time.monotonic() - started < 1
