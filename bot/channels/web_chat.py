"""Rasa's socket.io channel for the web chat: the session room joined for real, and shared between replicas."""

import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint
from socketio import AsyncRedisManager, AsyncServer

from bot.channels.message_guard import guarded
from bot.settings import BotSettings


def share_through_redis(server: AsyncServer, redis_url: str) -> None:
    """Make the server publish every emit on Redis and deliver what any server published to its own browsers."""
    # Rasa builds its AsyncServer inside blueprint() without a client manager; the manager is first used when a
    # browser connects or something is emitted, so replacing it right after construction is safe.
    server.manager = AsyncRedisManager(redis_url, channel="claims-socketio")
    server.manager.set_server(server)


# Rasa 3.6 calls AsyncServer.enter_room without await, but it is a coroutine in the python-socketio we pin (5.18):
# with session_persistence the socket never joined its session's room, so no reply or push reached the page
# (RasaHQ/rasa#13027).
class WebChatInput(SocketIOInput):
    """The built-in socket.io channel, still named "socketio", that joins the session's room and, with
    SOCKETIO_REDIS_URL set, lets a push emitted on any Rasa replica reach the browser."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Rasa's blueprint with checked messages only and the session_request handler replaced."""
        blueprint = super().blueprint(guarded(on_new_message))
        sio = self.sio
        redis_url = BotSettings.from_environment().socketio_redis_url
        if redis_url:
            share_through_redis(sio, redis_url)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            session_id = (data or {}).get("session_id") or uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        return blueprint
