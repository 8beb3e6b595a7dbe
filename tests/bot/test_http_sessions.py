"""The Rasa server's calls to an endpoint (the action server) reuse one kept-alive connection."""

import asyncio

from aiohttp import web
from rasa.utils.endpoints import EndpointConfig

from bot.http_sessions import IDLE_CONNECTION_SECONDS, close_kept_sessions
from tests.conftest import free_port


def peer_ports_of_calls(pause_seconds: float) -> list:
    """Call a real HTTP endpoint three times through Rasa's EndpointConfig, pausing between calls; each caller port."""

    async def webhook(request: web.Request) -> web.Response:
        return web.json_response(
            {"port": request.transport.get_extra_info("peername")[1], "echo": (await request.json())["text"]}
        )

    async def scenario() -> list:
        port = free_port()
        app = web.Application()
        app.router.add_post("/webhook", webhook)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook", headers={"X-Action-Server-Token": "t"})
        answers = []
        try:
            for text in ["我要报案", "查进度", "人工"]:
                answers.append(await endpoint.request(json={"text": text}))
                await asyncio.sleep(pause_seconds)
        finally:
            await close_kept_sessions()
            await runner.cleanup()
        assert [answer["echo"] for answer in answers] == ["我要报案", "查进度", "人工"]
        return [answer["port"] for answer in answers]

    return asyncio.run(scenario())


def test_calls_in_quick_succession_share_one_connection():
    assert len(set(peer_ports_of_calls(pause_seconds=0))) == 1


def test_a_connection_idle_longer_than_servers_keep_it_is_not_reused():
    assert len(set(peer_ports_of_calls(pause_seconds=IDLE_CONNECTION_SECONDS + 0.5))) == 3
