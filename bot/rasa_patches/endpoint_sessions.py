"""Patch: `EndpointConfig.session` gives a kept-open HTTP session, so calls to the action server reuse connections.

Rasa 3.6 opened a new session and connection for every call to an endpoint (the action server, a model server).
Profiling a form turn showed opening them taking about a tenth of the Rasa server's time (docs/bench.md). The sessions
are bot/http_sessions.py's, shared with the REST channel's calls to the claims API and closed when the server stops.
"""

from typing import Any

import aiohttp
from rasa.utils.endpoints import EndpointConfig

from bot.http_sessions import kept_session


class KeptOpen:
    """`async with` over a kept session: gives the session and leaves it open for the next call."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.session

    async def __aexit__(self, *_: Any) -> None:
        return None


def endpoint_session(self: EndpointConfig) -> KeptOpen:
    """Rasa's session for an endpoint (the action server, a model server), kept open instead of one per call."""
    auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
    return KeptOpen(kept_session(self.headers, auth))


def apply() -> None:
    """Make Rasa's endpoint calls reuse connections."""
    EndpointConfig.session = endpoint_session
