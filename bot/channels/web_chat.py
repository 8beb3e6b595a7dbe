"""Rasa's socket.io channel for the web chat, with the session room joined for real."""

import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint


# Rasa 3.6 calls AsyncServer.enter_room without await, but it is a coroutine in the python-socketio we pin (5.18):
# with session_persistence the socket never joined its session's room, so no reply or push reached the page
# (RasaHQ/rasa#13027).
class WebChatInput(SocketIOInput):
    """The built-in socket.io channel, still named "socketio", whose session_request really joins the session's room."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Rasa's blueprint with the session_request handler replaced."""
        blueprint = super().blueprint(on_new_message)
        sio = self.sio

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            session_id = (data or {}).get("session_id") or uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        return blueprint
