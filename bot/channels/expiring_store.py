"""Short-lived channel state (which deliveries were seen, which options were shown), in Redis when replicas share it.

`store_for(url)`: a `RedisStore` for redis://host:port/db, so that every Rasa replica sees the same state; a
`MemoryStore` (this process only) without one.
"""

import logging
import time
from collections import OrderedDict
from typing import Optional, Protocol, Tuple

import redis.asyncio
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Bounds the memory store under many followers; the oldest keys go first.
MAX_KEYS_IN_MEMORY = 20_000


class ExpiringStore(Protocol):
    """Text values that expire after their time to live."""

    async def add(self, key: str, value: str, ttl_seconds: int) -> bool:
        """Store the value unless the key is there already; whether it was stored."""

    async def put(self, key: str, value: str, ttl_seconds: int) -> None:
        """Store the value, replacing any."""

    async def get(self, key: str) -> Optional[str]:
        """The value, or None when missing or expired."""


class MemoryStore:
    """An ExpiringStore in this process."""

    def __init__(self, max_keys: int = MAX_KEYS_IN_MEMORY) -> None:
        self._max_keys = max_keys
        self._entries: "OrderedDict[str, Tuple[float, str]]" = OrderedDict()

    async def add(self, key: str, value: str, ttl_seconds: int) -> bool:
        if await self.get(key) is not None:
            return False
        await self.put(key, value, ttl_seconds)
        return True

    async def put(self, key: str, value: str, ttl_seconds: int) -> None:
        self._entries.pop(key, None)
        self._entries[key] = (time.monotonic() + ttl_seconds, value)
        if len(self._entries) > self._max_keys:
            self._entries.popitem(last=False)

    async def get(self, key: str) -> Optional[str]:
        expires_at, value = self._entries.get(key, (0.0, None))
        if value is not None and expires_at <= time.monotonic():
            del self._entries[key]
            return None
        return value


class RedisStore:
    """An ExpiringStore in Redis (SET NX EX), shared by the replicas.

    While Redis is unreachable a delivery counts as new (a retry may be answered twice rather than not at all) and
    options are not remembered (a digit reply reads as the digit).
    """

    def __init__(self, url: str) -> None:
        self._redis = redis.asyncio.Redis.from_url(url, socket_timeout=2, decode_responses=True)

    async def add(self, key: str, value: str, ttl_seconds: int) -> bool:
        try:
            return bool(await self._redis.set(key, value, ex=ttl_seconds, nx=True))
        except RedisError:
            logger.warning("Redis unreachable: %s taken as new", key, exc_info=True)
            return True

    async def put(self, key: str, value: str, ttl_seconds: int) -> None:
        try:
            await self._redis.set(key, value, ex=ttl_seconds)
        except RedisError:
            logger.warning("Redis unreachable: %s not stored", key, exc_info=True)

    async def get(self, key: str) -> Optional[str]:
        try:
            return await self._redis.get(key)
        except RedisError:
            logger.warning("Redis unreachable: %s not read", key, exc_info=True)
            return None


def store_for(url: Optional[str]) -> ExpiringStore:
    """Redis at `url` when given, else this process's memory."""
    return RedisStore(url) if url else MemoryStore()
