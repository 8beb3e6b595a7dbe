"""Seconds a Rasa server spends in its tracker store per turn: Rasa's SQL store against ours, on SQLite and PostgreSQL.

.venv/rasa/bin/python -m scripts.bench_tracker_store [--postgres postgresql://...] [--turns 20]
"""

import argparse
import asyncio
import tempfile
import time
from pathlib import Path
from typing import Dict, List

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered

from bot.tracker_store import KeptTrackerSQLStore

CONVERSATIONS = 20
DOMAIN = Domain.from_yaml("slots:\n  phone:\n    type: text\n    mappings: []\n")


def turn_events(turn: int) -> List[Event]:
    """What a form turn adds: the message, the form's run, a slot, the next question and the listen."""
    return [
        UserUttered(f"第{turn}个回答", {"name": "inform", "confidence": 0.9}),
        ActionExecuted("report_form"),
        SlotSet("phone", f"138{turn:08d}"),
        BotUttered("下一个问题是什么？"),
        ActionExecuted("action_listen"),
    ]


async def seconds_per_turn(store: SQLTrackerStore, turns: int) -> float:
    """Mean wall time of one turn's retrieve and save, over CONVERSATIONS conversations taking turns in rotation."""
    started = time.perf_counter()
    for turn in range(turns):
        for conversation in range(CONVERSATIONS):
            tracker = await store.retrieve(f"claimant-{conversation}") or await store.create_tracker(
                f"claimant-{conversation}", append_action_listen=True
            )
            for event in turn_events(turn):
                tracker.update(event)
            await store.save(tracker)
    return (time.perf_counter() - started) / (turns * CONVERSATIONS)


def empty_postgres(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS events")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", help="a PostgreSQL URL whose `events` table may be dropped")
    parser.add_argument("--turns", type=int, default=20)
    args = parser.parse_args()
    results: Dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, store_class in (
            ("Rasa SQLTrackerStore", SQLTrackerStore),
            ("KeptTrackerSQLStore", KeptTrackerSQLStore),
        ):
            results[f"{name}, SQLite"] = asyncio.run(
                seconds_per_turn(store_class(DOMAIN, db=str(Path(folder) / f"{store_class.__name__}.db")), args.turns)
            )
            if args.postgres:
                empty_postgres(args.postgres)
                results[f"{name}, PostgreSQL"] = asyncio.run(
                    seconds_per_turn(store_class(DOMAIN, dialect="postgresql", host=args.postgres), args.turns)
                )
    for name, seconds in results.items():
        print(f"{name:40} {seconds * 1000:7.1f} ms per turn")


if __name__ == "__main__":
    main()
