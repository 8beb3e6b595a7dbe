"""The follow-up worker: `python -m api.worker` delivers due nudges through Rasa, each exactly once."""

import logging
import os
import signal
import socket
import threading
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from api.clients.rasa import RasaClient, RasaUnavailable
from api.core.config import settings
from api.core.db import SessionLocal
from api.crud import followups
from api.domain.followup_rules import QuietHours, Route, deferred_until, followup_entities, route
from api.models import FollowUp, utcnow

logger = logging.getLogger("api.worker")
FOLLOWUP_INTENT = "EXTERNAL_followup"
BATCH = 20


def quiet_hours() -> QuietHours:
    """The quiet hours from the settings."""
    return QuietHours(settings.QUIET_HOURS_START, settings.QUIET_HOURS_END, ZoneInfo(settings.QUIET_HOURS_TIMEZONE))


def _real_user_messages(tracker: dict[str, Any]) -> list[dict[str, Any]]:
    return [event for event in tracker.get("events") or [] if event.get("event") == "user"]


def reached_conversation(tracker: dict[str, Any], followup_id: int) -> bool:
    """Whether the tracker already holds the EXTERNAL_followup event of this follow-up."""
    for event in _real_user_messages(tracker):
        parse_data = event.get("parse_data") or {}
        if (parse_data.get("intent") or {}).get("name") != FOLLOWUP_INTENT:
            continue
        entities = {entity.get("entity"): entity.get("value") for entity in parse_data.get("entities") or []}
        if entities.get("followup_id") == str(followup_id):
            return True
    return False


def last_claimant_message_at(tracker: dict[str, Any]) -> datetime | None:
    """When the claimant last wrote (external events such as our own nudges do not count)."""
    times = [
        event["timestamp"]
        for event in _real_user_messages(tracker)
        if not (event.get("metadata") or {}).get("is_external") and event.get("timestamp") is not None
    ]
    return datetime.fromtimestamp(max(times), tz=utcnow().tzinfo) if times else None


class Worker:
    """Takes due follow-ups one by one under a lease and delivers each through Rasa."""

    def __init__(
        self,
        rasa: RasaClient,
        session_factory: sessionmaker = SessionLocal,
        worker_id: str | None = None,
        quiet: QuietHours | None = None,
    ):
        self.rasa = rasa
        self.sessions = session_factory
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}"
        self.quiet = quiet or quiet_hours()
        self.lease = timedelta(seconds=settings.FOLLOWUP_LEASE_SECONDS)

    def run_once(self) -> int:
        """Deliver what is due now; return how many follow-ups this worker took."""
        taken = 0
        with self.sessions() as session:
            for followup in followups.due(session, utcnow(), BATCH):
                if followups.take(session, followup, self.worker_id, utcnow(), self.lease):
                    taken += 1
                    self._deliver(session, followup)
                    session.commit()
        return taken

    def _deliver(self, session: Session, followup: FollowUp) -> None:
        now = utcnow()
        if until := deferred_until(followup.kind, now, self.quiet):
            followups.defer(followup, until)
            return
        try:
            tracker = self.rasa.tracker(followup.conversation_id)
            # A worker or channel may have sent it and died before recording that: never send it twice.
            if reached_conversation(tracker, followup.id):
                followups.mark_delivered(session, followup)
                return
            if route(followup.channel, last_claimant_message_at(tracker), now) == Route.hold:
                followups.hold(followup, now)
                return
            entities = followup_entities(followup.id, followup.kind, followup.claim_number, followup.payload)
            self.rasa.trigger_intent(followup.conversation_id, FOLLOWUP_INTENT, entities)
        except RasaUnavailable as error:
            logger.warning("follow-up %s not delivered: %s", followup.id, error)
            followups.mark_failed(
                followup,
                str(error),
                now,
                settings.FOLLOWUP_MAX_ATTEMPTS,
                timedelta(seconds=settings.FOLLOWUP_RETRY_SECONDS),
            )
            return
        followups.mark_delivered(session, followup)
        logger.info("delivered follow-up %s (%s) to %s", followup.id, followup.kind.value, followup.conversation_id)


def main() -> None:
    """Poll for due follow-ups until SIGINT or SIGTERM."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    # httpx logs every request, tokens in the URL included.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopping.set())
    worker = Worker(RasaClient())
    logger.info("follow-up worker %s polling every %s s", worker.worker_id, settings.FOLLOWUP_POLL_SECONDS)
    while not stopping.is_set():
        try:
            worker.run_once()
        except Exception:
            # A database hiccup must not end the worker; the leases make the next round safe.
            logger.exception("follow-up round failed")
        stopping.wait(settings.FOLLOWUP_POLL_SECONDS)


if __name__ == "__main__":
    main()
