"""The tracker store of every deployment: Rasa's SQL store (SQLite or PostgreSQL), recently saved trackers kept."""

import itertools
import json
from collections import OrderedDict
from typing import Any, Dict, Optional, Tuple

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

KEPT_TRACKERS = 512
NEWEST_EVENT_ID = sa.text("SELECT max(id) FROM events WHERE sender_id = :sender_id")


def use_write_ahead_log(connection: Any, _: Any) -> None:
    """Commit without a full sync of the file on every turn; an application crash still loses nothing committed.

    With SQLite's default rollback journal, the syncs of each turn's commit took about a sixth of the Rasa server's
    time per turn.
    """
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def current_session(tracker: DialogueStateTracker, slots: Any) -> DialogueStateTracker:
    """The tracker as Rasa's SQL store would read it back: only the events since the latest session start."""
    start = max((event.timestamp for event in tracker.events if isinstance(event, SessionStarted)), default=None)
    if start is None or all(event.timestamp >= start for event in tracker.events):
        return tracker
    kept = [event for event in tracker.events if event.timestamp >= start]
    session = DialogueStateTracker.from_events(tracker.sender_id, kept, slots)
    session.model_id, session.assistant_id = tracker.model_id, tracker.assistant_id
    return session


class KeptTrackerSQLStore(SQLTrackerStore):
    """Rasa's SQL tracker store (a SQLite file or PostgreSQL); a turn starts from the tracker object the last one saved.

    Reading a conversation back (query, JSON, replaying every event) took about a fifth of the Rasa server's time per
    turn. The kept tracker is used only while the newest stored event of its conversation is the one it was saved
    with, so another writer of the same database (another replica, a restart) is never overwritten with a stale state.
    """

    def __init__(self, domain: Optional[Domain] = None, dialect: str = "sqlite", **kwargs: Any) -> None:
        super().__init__(domain, dialect, **kwargs)
        if self.engine.dialect.name == "sqlite":
            # SQLAlchemy 1.4 opens (and sets up) a new SQLite connection for every session on a file; keep a few open.
            self.engine = sa.create_engine(
                self.engine.url, poolclass=sa.pool.QueuePool, pool_size=2, connect_args={"check_same_thread": False}
            )
            sa.event.listen(self.engine, "connect", use_write_ahead_log)
            self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)
        # conversation -> (tracker as saved, id of its newest stored event)
        self._saved: "OrderedDict[str, Tuple[DialogueStateTracker, int]]" = OrderedDict()
        # conversation -> (tracker handed out, how many of its events are stored)
        self._lent: "OrderedDict[str, Tuple[DialogueStateTracker, int]]" = OrderedDict()

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        """The conversation's current session: the kept tracker if it is still the newest state, else from the store."""
        tracker, newest = self._saved.pop(sender_id, (None, 0))
        if tracker is not None:
            with self.engine.connect() as connection:
                tracker = tracker if newest == newest_event_id(connection, sender_id) else None
        if tracker is None:
            tracker = await super().retrieve(sender_id)
        if tracker is not None:
            keep(self._lent, sender_id, (tracker, len(tracker.events)))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the events added since the tracker was read and keep it for the conversation's next turn.

        Rasa's own save counts the stored rows and goes through the ORM, a tenth of a turn; rows go in directly here.
        """
        await self.stream_events(tracker)
        lent, stored = self._lent.pop(tracker.sender_id, (None, 0))
        if lent is not tracker:
            with self.session_scope() as session:
                stored = self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False).count()
        rows = [event_row(tracker.sender_id, event) for event in itertools.islice(tracker.events, stored, None)]
        with self.engine.begin() as connection:
            if rows:
                connection.execute(self.SQLEvent.__table__.insert(), rows)
            newest = newest_event_id(connection, tracker.sender_id)
        keep(self._saved, tracker.sender_id, (current_session(tracker, self.domain.slots), newest))


def newest_event_id(connection: Any, sender_id: str) -> int:
    """The id of the conversation's newest stored event (0 when it has none)."""
    newest = connection.execute(NEWEST_EVENT_ID, {"sender_id": sender_id})
    return newest.scalar() or 0


def event_row(sender_id: str, event: Event) -> Dict[str, Any]:
    """The row of Rasa's `events` table for one event, with the columns Rasa's SQL store fills."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


def keep(
    trackers: "OrderedDict[str, Tuple[DialogueStateTracker, int]]",
    sender_id: str,
    entry: Tuple[DialogueStateTracker, int],
) -> None:
    """Remember `entry` as the most recent of at most KEPT_TRACKERS conversations."""
    trackers[sender_id] = entry
    trackers.move_to_end(sender_id)
    while len(trackers) > KEPT_TRACKERS:
        trackers.popitem(last=False)
