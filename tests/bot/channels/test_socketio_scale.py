"""Two Rasa channel servers sharing Redis: a push emitted on one replica reaches a browser connected to the other."""

import socketio

from bot.channels.web_chat import WebChatInput
from tests.bot.channels.conftest import ChannelServer

CREDENTIALS = {"user_message_evt": "user_uttered", "bot_message_evt": "bot_uttered", "session_persistence": True}
SESSION = "scale-session-1"


def test_a_push_on_one_replica_reaches_the_browser_connected_to_the_other(redis_url, agent, monkeypatch):
    monkeypatch.setenv("SOCKETIO_REDIS_URL", redis_url)
    first, second = WebChatInput.from_credentials(CREDENTIALS), WebChatInput.from_credentials(CREDENTIALS)
    with (
        ChannelServer(first, agent) as replica_1,
        ChannelServer(second, agent) as replica_2,
        socketio.SimpleClient() as browser,
    ):
        browser.connect(f"http://127.0.0.1:{replica_1.port}", transports=["polling"])
        browser.emit("session_request", {"session_id": SESSION})
        assert browser.receive(timeout=30) == ["session_confirm", SESSION]

        replica_2.run(second.get_output_channel().send_text_message(SESSION, "人工理赔员：您好，我来帮您看材料。"))

        assert browser.receive(timeout=30) == ["bot_uttered", {"text": "人工理赔员：您好，我来帮您看材料。"}]
