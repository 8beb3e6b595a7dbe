"""The development tracker store: Rasa's SQL store on a SQLite file, in write-ahead-log mode."""

from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore


def use_write_ahead_log(connection: Any, _: Any) -> None:
    """Commit without a full sync of the file on every turn; an application crash still loses nothing committed.

    With SQLite's default rollback journal, the syncs of each turn's commit took about a sixth of the Rasa server's
    time per turn. Production uses PostgreSQL (docs/scale.md).
    """
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class SQLiteTrackerStore(SQLTrackerStore):
    """Rasa's SQL tracker store on the SQLite file `db`, every connection in write-ahead-log mode."""

    def __init__(self, db: str = "rasa.db", **kwargs: Any) -> None:
        super().__init__(dialect="sqlite", db=db, **kwargs)
        sa.event.listen(self.engine, "connect", use_write_ahead_log)
        # Connections opened while the tables were created predate the listener.
        self.engine.dispose()
