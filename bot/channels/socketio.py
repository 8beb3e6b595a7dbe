"""The web chat's socket.io channel scaled out: with SOCKETIO_REDIS_URL set, a push on any replica reaches the browser."""

import os
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import UserMessage
from sanic import Blueprint
from socketio import AsyncRedisManager, AsyncServer

from bot.channels.web_chat import WebChatInput


def share_through_redis(server: AsyncServer, redis_url: str) -> None:
    """Make the server publish every emit on Redis and deliver what any server published to its own browsers."""
    # Rasa builds its AsyncServer inside blueprint() without a client manager; the manager is first used when a
    # browser connects or something is emitted, so replacing it right after construction is safe.
    server.manager = AsyncRedisManager(redis_url, channel="claims-socketio")
    server.manager.set_server(server)


class ScaledWebChatInput(WebChatInput):
    """The web chat channel (still named "socketio") whose replicas share one socket.io message queue in Redis."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The web chat's blueprint, sharing emits between replicas when SOCKETIO_REDIS_URL is set."""
        blueprint = super().blueprint(on_new_message)
        redis_url = os.environ.get("SOCKETIO_REDIS_URL")
        if redis_url:
            share_through_redis(self.sio, redis_url)
        return blueprint
