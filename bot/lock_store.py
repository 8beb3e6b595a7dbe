"""Conversation locks shared by Rasa replicas: PostgreSQL advisory locks, a lease and a bounded wait (docs/scale.md).

Rasa 3.6's `redis` lock store reads, changes and writes its ticket queue in separate steps, so two replicas can both
hold one conversation (RasaHQ/rasa#9213). Here PostgreSQL's lock manager does the queueing: a turn takes
`pg_advisory_xact_lock` on the conversation inside a transaction, waiters are served in the order they asked, and the
transaction's end (or the death of its connection) releases the lock.
Loaded by module path from the endpoints file: `lock_store: {type: bot.lock_store.PostgresLockStore, url: ...}`.
"""

import asyncio
import hashlib
import logging
import time
from contextlib import asynccontextmanager
from typing import AsyncIterator, Optional, Text

import asyncpg
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

# Longer than any turn (Rasa's own ticket lifetime): PostgreSQL ends a transaction idle for longer, so a replica that
# hangs while holding a conversation frees it after this. One that dies frees it at once (its connection closes).
DEFAULT_LEASE_SECONDS = 60.0
# How long a turn waits for the turns before it; then the claimant is asked to send the message again.
DEFAULT_WAIT_SECONDS = 30.0
# Turns in progress or waiting on one replica, each holding one connection (more wait for one, in order); with the
# tracker store's pool, two replicas stay within PostgreSQL's default of 100 connections.
DEFAULT_MAX_CONNECTIONS = 20


def lock_key(conversation_id: Text) -> int:
    """The signed 64-bit advisory lock key of a conversation."""
    digest = hashlib.blake2b(conversation_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class PostgresLockStore(LockStore):
    """One turn per conversation at a time across replicas, in arrival order, held at most a lease."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        settings = endpoint_config.kwargs
        self._url = endpoint_config.url
        self._lease_seconds = float(settings.get("lease_seconds", DEFAULT_LEASE_SECONDS))
        self._wait_seconds = float(settings.get("wait_seconds", DEFAULT_WAIT_SECONDS))
        self._max_connections = int(settings.get("max_connections", DEFAULT_MAX_CONNECTIONS))
        self._pool: Optional[asyncpg.Pool] = None
        super().__init__()

    async def _connections(self) -> asyncpg.Pool:
        # Created on first use: asyncpg binds a pool to the running event loop, which Rasa starts after the store.
        # All connections open at once and stay open: a turn that had to open one would reach the lock late, after
        # a later message of the same claimant on the other replica.
        if self._pool is None:
            self._pool = await asyncpg.create_pool(
                self._url,
                min_size=self._max_connections,
                max_size=self._max_connections,
                max_inactive_connection_lifetime=0,
            )
        return self._pool

    @asynccontextmanager
    async def lock(
        self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = 1
    ) -> AsyncIterator[None]:
        """Hold the conversation for the block; LockError when the turns before it take longer than the wait."""
        deadline = time.monotonic() + self._wait_seconds
        pool = await self._connections()
        try:
            connection = await pool.acquire(timeout=self._wait_seconds)
        except asyncio.TimeoutError as error:
            raise LockError(
                f"No connection to lock conversation '{conversation_id}' within "
                f"{self._wait_seconds:g} s: this replica has too many turns waiting."
            ) from error
        try:
            transaction = connection.transaction()
            await transaction.start()
            try:
                await self._take(connection, conversation_id, deadline)
                yield None
            finally:
                await self._release(transaction, conversation_id)
        finally:
            await pool.release(connection)

    async def _take(self, connection: asyncpg.Connection, conversation_id: Text, deadline: float) -> None:
        wait_ms = max(1, int((deadline - time.monotonic()) * 1000))
        await connection.execute(
            f"SET LOCAL lock_timeout = {wait_ms}; "
            f"SET LOCAL idle_in_transaction_session_timeout = {int(self._lease_seconds * 1000)}"
        )
        try:
            await connection.execute("SELECT pg_advisory_xact_lock($1)", lock_key(conversation_id))
        except asyncpg.LockNotAvailableError as error:
            raise LockError(
                f"Conversation '{conversation_id}' stayed locked by other turns for {self._wait_seconds:g} s."
            ) from error

    async def _release(self, transaction: asyncpg.transaction.Transaction, conversation_id: Text) -> None:
        try:
            await transaction.rollback()
        except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError):
            # PostgreSQL ended the idle transaction: the lease ran out and another turn may have started meanwhile.
            logger.warning(
                "The lock of conversation '%s' outlived its %g s lease.", conversation_id, self._lease_seconds
            )
