"""The tracker store both endpoint files configure: SQLite in write-ahead-log mode, or PostgreSQL, trackers kept."""

import asyncio
import os

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config

from bot.tracker_store import KeptTrackerSQLStore
from tests.conftest import ROOT

# scripts/postgres.sh's URL for the claims API's driver; Rasa's SQL store uses psycopg2.
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "").replace("postgresql+psycopg://", "postgresql://")
ENDPOINT_FILES = {"sqlite": "bot/endpoints.yml", "postgresql": "deploy/endpoints.scale.yml"}


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(
                not POSTGRES_URL.startswith("postgresql://"), reason="TEST_DATABASE_URL names no PostgreSQL database"
            ),
        ),
    ]
)
def tracker_db(request, tmp_path, monkeypatch):
    """The endpoint file of the dialect, pointed at an empty database."""
    monkeypatch.setenv("RASA_TRACKER_DB", str(tmp_path / "tracker.db"))
    monkeypatch.setenv("RASA_TRACKER_DB_URL", POSTGRES_URL or "unused")
    for name, value in {
        "ACTION_ENDPOINT_URL": "http://127.0.0.1:5055/webhook",
        "ACTION_SERVER_TOKEN": "dev-action-server-token",
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PORT": "6379",
    }.items():
        monkeypatch.setenv(name, value)
    if request.param == "postgresql":
        engine = sa.create_engine(POSTGRES_URL)
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS events")
        engine.dispose()
    return ENDPOINT_FILES[request.param]


def _store(endpoint_file: str) -> TrackerStore:
    return TrackerStore.create(
        read_endpoint_config(str(ROOT / endpoint_file), "tracker_store"),
        Domain.from_yaml("slots:\n  phone:\n    type: text\n    mappings: []\n"),
    )


def test_a_conversation_saved_by_one_server_is_read_by_the_next(tracker_db):
    first = _store(tracker_db)
    tracker = DialogueStateTracker("claimant-1", [])
    tracker.update(UserUttered("我要报案"))
    tracker.update(SlotSet("phone", "13812345678"))
    asyncio.run(first.save(tracker))

    restarted = _store(tracker_db)
    kept = asyncio.run(restarted.retrieve("claimant-1"))
    assert isinstance(restarted, KeptTrackerSQLStore)
    assert (kept.latest_message.text, kept.get_slot("phone")) == ("我要报案", "13812345678")


def test_a_sqlite_file_is_written_in_write_ahead_log_mode(tracker_db):
    if tracker_db != ENDPOINT_FILES["sqlite"]:
        pytest.skip("SQLite only")
    store = _store(tracker_db)
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


def _events(tracker):
    return [event.as_dict() for event in tracker.events]


def _stored_rows(store, sender_id):
    with store.engine.connect() as connection:
        return connection.execute(
            sa.text("SELECT count(*) FROM events WHERE sender_id = :sender"), {"sender": sender_id}
        ).scalar()


def _saved_report_start(store, sender_id):
    """A conversation whose claimant said they want to report, as saved by `store`."""
    tracker = DialogueStateTracker(sender_id, [])
    tracker.update(UserUttered("我要报案"))
    asyncio.run(store.save(tracker))
    return tracker


def test_the_next_turn_starts_from_the_saved_tracker_and_stores_each_event_once(tracker_db):
    store = _store(tracker_db)
    tracker = _saved_report_start(store, "claimant-2")

    again = asyncio.run(store.retrieve("claimant-2"))
    again.update(SlotSet("phone", "13812345678"))
    asyncio.run(store.save(again))

    assert again is tracker
    assert _stored_rows(store, "claimant-2") == 2
    assert _events(asyncio.run(_store(tracker_db).retrieve("claimant-2"))) == _events(tracker)


def test_a_turn_that_failed_before_saving_leaves_no_trace(tracker_db):
    store = _store(tracker_db)
    _saved_report_start(store, "claimant-3")
    asyncio.run(store.retrieve("claimant-3")).update(SlotSet("phone", "13812345678"))

    kept = asyncio.run(store.retrieve("claimant-3"))

    assert kept.get_slot("phone") is None
    assert len(kept.events) == 1


def test_a_conversation_another_server_wrote_to_is_read_from_the_database(tracker_db):
    ours, other = _store(tracker_db), _store(tracker_db)
    tracker = _saved_report_start(ours, "claimant-4")
    theirs = asyncio.run(other.retrieve("claimant-4"))
    theirs.update(SlotSet("phone", "13812345678"))
    asyncio.run(other.save(theirs))

    kept = asyncio.run(ours.retrieve("claimant-4"))

    assert kept is not tracker
    assert kept.get_slot("phone") == "13812345678"


def test_after_a_new_session_the_kept_tracker_holds_what_the_database_gives_back(tracker_db):
    store = _store(tracker_db)
    tracker = DialogueStateTracker("claimant-5", [])
    tracker.update(UserUttered("我要报案", timestamp=1.0))
    tracker.update(SlotSet("phone", "13812345678", timestamp=2.0))
    asyncio.run(store.save(tracker))
    tracker = asyncio.run(store.retrieve("claimant-5"))
    tracker.update(SessionStarted(timestamp=3.0))
    tracker.update(UserUttered("查进度", timestamp=4.0))
    asyncio.run(store.save(tracker))

    kept = asyncio.run(store.retrieve("claimant-5"))

    assert _events(kept) == _events(asyncio.run(_store(tracker_db).retrieve("claimant-5")))
    assert [event.as_dict()["event"] for event in kept.events] == ["session_started", "user"]
    assert _stored_rows(store, "claimant-5") == 4
