"""HTTP sessions the Rasa server keeps open, so its calls to the action server and the claims API reuse connections."""

import asyncio
from typing import Any, Dict, Optional, Tuple

import aiohttp
import ujson
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT

# Below the 5 s after which the action server (Sanic) and the claims API (uvicorn) close an idle connection, so a
# request never goes out on a connection the server is closing.
IDLE_CONNECTION_SECONDS = 2.0

_sessions: Dict[Tuple[Any, ...], aiohttp.ClientSession] = {}


def kept_session(
    headers: Optional[Dict[str, str]] = None,
    auth: Optional[aiohttp.BasicAuth] = None,
    timeout: float = DEFAULT_REQUEST_TIMEOUT,
) -> aiohttp.ClientSession:
    """The open session of this event loop with these settings (opened on first use)."""
    loop = asyncio.get_running_loop()
    key = (loop, tuple(sorted((headers or {}).items())), auth, timeout)
    session = _sessions.get(key)
    if session is None or session.closed:
        for stale in [key for key in _sessions if key[0].is_closed()]:
            del _sessions[stale]
        connector = aiohttp.TCPConnector(keepalive_timeout=IDLE_CONNECTION_SECONDS)
        # Every action call sends the whole conversation; ujson (Sanic's, pinned) encodes it in 0.6 ms instead of 1.5.
        session = aiohttp.ClientSession(
            connector=connector,
            headers=headers,
            auth=auth,
            json_serialize=ujson.dumps,
            timeout=aiohttp.ClientTimeout(total=timeout),
        )
        _sessions[key] = session
    return session


async def close_kept_sessions(*_: Any) -> None:
    """Close this event loop's kept sessions (when the server stops)."""
    loop = asyncio.get_running_loop()
    for key in [key for key in _sessions if key[0] is loop]:
        await _sessions.pop(key).close()
