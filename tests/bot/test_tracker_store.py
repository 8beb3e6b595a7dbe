"""The tracker store bot/endpoints.yml configures: conversations kept on a SQLite file in write-ahead-log mode."""

import asyncio

import pytest
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config

from bot.tracker_store import SQLiteTrackerStore
from tests.conftest import ROOT


@pytest.fixture
def tracker_db(tmp_path, monkeypatch):
    path = tmp_path / "tracker.db"
    monkeypatch.setenv("RASA_TRACKER_DB", str(path))
    monkeypatch.setenv("ACTION_ENDPOINT_URL", "http://127.0.0.1:5055/webhook")
    monkeypatch.setenv("ACTION_SERVER_TOKEN", "dev-action-server-token")
    return path


def _store() -> TrackerStore:
    return TrackerStore.create(read_endpoint_config(str(ROOT / "bot" / "endpoints.yml"), "tracker_store"),
                               Domain.from_yaml("slots:\n  phone:\n    type: text\n    mappings: []\n"))


def test_a_conversation_saved_by_one_server_is_read_by_the_next_in_write_ahead_log_mode(tracker_db):
    first = _store()
    tracker = DialogueStateTracker("claimant-1", [])
    tracker.update(UserUttered("我要报案"))
    tracker.update(SlotSet("phone", "13812345678"))
    asyncio.run(first.save(tracker))

    restarted = _store()
    kept = asyncio.run(restarted.retrieve("claimant-1"))
    assert isinstance(restarted, SQLiteTrackerStore)
    assert (kept.latest_message.text, kept.get_slot("phone")) == ("我要报案", "13812345678")
    with restarted.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


def _events(tracker):
    return [event.as_dict() for event in tracker.events]


def _stored_rows(store, sender_id):
    with store.engine.connect() as connection:
        return connection.exec_driver_sql("SELECT count(*) FROM events WHERE sender_id = ?", (sender_id,)).scalar()


def _saved_report_start(store, sender_id):
    """A conversation whose claimant said they want to report, as saved by `store`."""
    tracker = DialogueStateTracker(sender_id, [])
    tracker.update(UserUttered("我要报案"))
    asyncio.run(store.save(tracker))
    return tracker


def test_the_next_turn_starts_from_the_saved_tracker_and_stores_each_event_once(tracker_db):
    store = _store()
    tracker = _saved_report_start(store, "claimant-2")

    again = asyncio.run(store.retrieve("claimant-2"))
    again.update(SlotSet("phone", "13812345678"))
    asyncio.run(store.save(again))

    assert again is tracker
    assert _stored_rows(store, "claimant-2") == 2
    assert _events(asyncio.run(_store().retrieve("claimant-2"))) == _events(tracker)


def test_a_turn_that_failed_before_saving_leaves_no_trace(tracker_db):
    store = _store()
    _saved_report_start(store, "claimant-3")
    asyncio.run(store.retrieve("claimant-3")).update(SlotSet("phone", "13812345678"))

    kept = asyncio.run(store.retrieve("claimant-3"))

    assert kept.get_slot("phone") is None
    assert len(kept.events) == 1


def test_a_conversation_another_server_wrote_to_is_read_from_the_file(tracker_db):
    ours, other = _store(), _store()
    tracker = _saved_report_start(ours, "claimant-4")
    theirs = asyncio.run(other.retrieve("claimant-4"))
    theirs.update(SlotSet("phone", "13812345678"))
    asyncio.run(other.save(theirs))

    kept = asyncio.run(ours.retrieve("claimant-4"))

    assert kept is not tracker
    assert kept.get_slot("phone") == "13812345678"


def test_after_a_new_session_the_kept_tracker_holds_what_the_file_gives_back(tracker_db):
    store = _store()
    tracker = DialogueStateTracker("claimant-5", [])
    tracker.update(UserUttered("我要报案", timestamp=1.0))
    tracker.update(SlotSet("phone", "13812345678", timestamp=2.0))
    asyncio.run(store.save(tracker))
    tracker = asyncio.run(store.retrieve("claimant-5"))
    tracker.update(SessionStarted(timestamp=3.0))
    tracker.update(UserUttered("查进度", timestamp=4.0))
    asyncio.run(store.save(tracker))

    kept = asyncio.run(store.retrieve("claimant-5"))

    assert _events(kept) == _events(asyncio.run(_store().retrieve("claimant-5")))
    assert [event.as_dict()["event"] for event in kept.events] == ["session_started", "user"]
    assert _stored_rows(store, "claimant-5") == 4
