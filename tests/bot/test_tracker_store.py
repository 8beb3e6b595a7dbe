"""The tracker store bot/endpoints.yml configures: conversations kept on a SQLite file in write-ahead-log mode."""

import asyncio

import pytest
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
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
