"""One claimant's numbered messages answered in the order they were sent, whichever replica each one reaches.

Rasa's conversation lock serves a conversation's turns in the order they reach it. Behind a load balancer, a message
sent second can reach the lock first, when its replica is less busy. A client that sends before the previous answer
has come back numbers its messages (`"metadata": {"message_number": 1}`, 2, 3, ...); message n then waits until
message n - 1 has been answered. It waits at most `WAIT_SECONDS`, in case the earlier one never arrives. Unnumbered
messages go in arrival order. The answered numbers are kept in an ExpiringStore (Redis when REST_REDIS_URL is set,
so that all replicas see them).
"""

import asyncio
import logging
import time
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Mapping, Optional, Text

from bot.channels.expiring_store import ExpiringStore

logger = logging.getLogger(__name__)

METADATA_KEY = "message_number"
# Longer than a turn takes under load, so that only a message that was never sent is given up on.
WAIT_SECONDS = 10.0
POLL_SECONDS = 0.02
ANSWERED_TTL_SECONDS = 24 * 3600


def number_problem(metadata: Mapping[Text, Any]) -> Optional[str]:
    """Why the message number in a message's metadata is not one, or None when it is one or there is none."""
    number = metadata.get(METADATA_KEY)
    if number is None or (isinstance(number, int) and not isinstance(number, bool) and number > 0):
        return None
    return f'"metadata.{METADATA_KEY}" must be a whole number from 1'


def message_number(metadata: Optional[Mapping[Text, Any]]) -> Optional[int]:
    """The message's number, or None for an unnumbered message."""
    if not metadata or number_problem(metadata):
        return None
    return metadata.get(METADATA_KEY)


class SendOrder:
    """Holds each numbered message until the one before it has been answered."""

    def __init__(self, store: ExpiringStore, wait_seconds: float = WAIT_SECONDS) -> None:
        self._store = store
        self._wait_seconds = wait_seconds

    @asynccontextmanager
    async def turn(self, conversation_id: Text, number: Optional[int]) -> AsyncIterator[None]:
        """Enter once message `number - 1` has been answered (or the wait is over); mark `number` answered on exit."""
        if number is not None and number > 1:
            await self._wait_for(conversation_id, number - 1)
        try:
            yield None
        finally:
            if number is not None:
                await self._store.put(_answered_key(conversation_id, number), "1", ANSWERED_TTL_SECONDS)

    async def _wait_for(self, conversation_id: Text, number: int) -> None:
        deadline = time.monotonic() + self._wait_seconds
        while await self._store.get(_answered_key(conversation_id, number)) is None:
            if time.monotonic() >= deadline:
                logger.warning(
                    "Message %d of '%s' was not answered within %g s: the next one goes ahead.",
                    number,
                    conversation_id,
                    self._wait_seconds,
                )
                return
            await asyncio.sleep(POLL_SECONDS)


def _answered_key(conversation_id: Text, number: int) -> str:
    return f"rest-answered:{conversation_id}:{number}"
