"""The WeChat channel in a real Sanic server set up by Rasa, a stand-in Rasa agent, and the stand-in WeChat API."""

import asyncio
import threading
from typing import Dict, List

import pytest
import requests
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.run import configure_app
from sanic import Sanic

from bot.channels.rest import NudgingRestInput
from bot.channels.wechat import WeChatInput
from bot.settings import WeChatSettings
from tests.bot.channels.standin_api import StandInWeChatApi
from tests.bot.channels.wechat_requests import signed_query
from tests.conftest import free_port

TOKEN = "test-token"
APP_ID = "wx1234567890abcdef"
APP_SECRET = "test-app-secret"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 characters, as the platform generates


class StubAgent:
    """Stands in for Rasa's agent: records each user message and answers with scripted bot messages."""

    def __init__(self) -> None:
        self.received: List[UserMessage] = []
        self.events: List[str] = []
        # User text -> the bot messages Rasa would send, in Rasa's response format.
        self.script: Dict[str, List[Dict]] = {}
        # Cleared, it holds every answer until set again: processing that outlasts WeChat's 5 seconds.
        self.released = threading.Event()
        self.released.set()

    async def handle_message(self, message: UserMessage) -> None:
        self.received.append(message)
        self.events.append(f"processing {message.text}")
        if not self.released.is_set():
            await asyncio.get_running_loop().run_in_executor(None, self.released.wait)
        self.events.append(f"answering {message.text}")
        for bot_message in self.script.get(message.text, [{"text": f"收到：{message.text}"}]):
            await message.output_channel.send_response(message.sender_id, dict(bot_message))


class ChannelServer:
    """Rasa's Sanic app with one input channel, served on a free port from a thread of its own."""

    def __init__(self, channel: InputChannel, agent: StubAgent, enable_api: bool = False, **app_options) -> None:
        Sanic.test_mode = True  # lets each test build Rasa's app under its fixed name
        self.channel = channel
        self.app = configure_app(input_channels=[channel], enable_api=enable_api, route="/webhooks/", **app_options)
        self.app.ctx.agent = agent
        self.port = free_port()
        self.webhook = f"http://127.0.0.1:{self.port}/webhooks/wechat/webhook"
        self.loop = asyncio.new_event_loop()
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(
            self.app.create_server(host="127.0.0.1", port=self.port, return_asyncio_server=True, access_log=False)
        )
        self.loop.run_until_complete(server.startup())
        self._started.set()
        self.loop.run_forever()
        server.close()
        self.loop.run_until_complete(server.wait_closed())

    def __enter__(self) -> "ChannelServer":
        self._thread.start()
        assert self._started.wait(30), "the Sanic server did not start"
        return self

    def __exit__(self, *_) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(30)

    def post(self, body: str, query: Dict[str, str]) -> requests.Response:
        """POST a webhook call; the timeout is only there so a channel that never answers fails the test."""
        return requests.post(
            self.webhook, params=query, data=body.encode("utf-8"), headers={"Content-Type": "text/xml"}, timeout=30
        )

    def post_signed(self, body: str) -> requests.Response:
        """POST in plaintext mode, signed like WeChat."""
        return self.post(body, signed_query(TOKEN))

    def run(self, coroutine):
        """Run a coroutine on the server's event loop (as Rasa's HTTP API would) and return its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(30)


@pytest.fixture
def wechat_api():
    with StandInWeChatApi(APP_ID, APP_SECRET) as api:
        yield api


@pytest.fixture
def rest_server(agent, monkeypatch):
    # No claims API listens there: held nudges cannot be fetched, which the channel logs and carries on.
    monkeypatch.setenv("CLAIMS_API_URL", f"http://127.0.0.1:{free_port()}")
    with ChannelServer(NudgingRestInput(), agent) as running:
        yield f"http://127.0.0.1:{running.port}/webhooks/rest/webhook"


@pytest.fixture
def agent() -> StubAgent:
    stub = StubAgent()
    yield stub
    stub.released.set()


def start_server(wechat_api: StandInWeChatApi, agent: StubAgent, aes_key=None) -> ChannelServer:
    settings = WeChatSettings(
        token=TOKEN, app_id=APP_ID, app_secret=APP_SECRET, aes_key=aes_key, api_base_url=wechat_api.url
    )
    return ChannelServer(WeChatInput(settings), agent)


@pytest.fixture
def server(wechat_api, agent):
    with start_server(wechat_api, agent) as running:
        yield running


@pytest.fixture
def safe_mode_server(wechat_api, agent):
    with start_server(wechat_api, agent, aes_key=AES_KEY) as running:
        yield running
