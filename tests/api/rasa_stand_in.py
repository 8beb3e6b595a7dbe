"""A stand-in for Rasa's HTTP API on a free port: recorded /model/parse replies, and a note of every request."""

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from api.clients.rasa import RasaClient
from api.main import app
from api.routes import copilot
from tests.conftest import free_port

FIXTURES = Path(__file__).parent / "fixtures"
REAR_END = "昨天晚上八点在南京中山路追尾了，车牌苏A12345，有一个人受伤送去了鼓楼医院"
RASA_TOKEN = "stand-in-token"
RECORDED_PARSES = {
    REAR_END: json.loads((FIXTURES / "rasa_parse_rear_end.json").read_text(encoding="utf-8")),
    "交强险现在赔多少": json.loads((FIXTURES / "rasa_parse_faq_limits.json").read_text(encoding="utf-8")),
}
TRACKER_EVENTS = [
    {"event": "action", "name": "action_listen", "timestamp": 1763892000.0},
    {"event": "user", "text": "转人工", "timestamp": 1763892001.0},
    {"event": "action", "name": "action_handoff", "timestamp": 1763892002.0},
    {"event": "bot", "text": "我已经请人工理赔员来帮您。", "timestamp": 1763892002.5},
    {"event": "pause", "timestamp": 1763892002.6},
    {"event": "user", "text": "有人吗", "timestamp": 1763892010.0},
    {"event": "action", "name": "action_relay_agent_message", "timestamp": 1763892020.0},
    {"event": "bot", "text": "人工理赔员：您好，我是理赔员小王。", "timestamp": 1763892020.5},
]


class StandInRasa(ThreadingHTTPServer):
    """Answers like Rasa's HTTP API and keeps (method, path, query, body) of every request."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", free_port()), _Handler)
        self.received: list[tuple[str, str, dict, object]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def calls(self) -> list[tuple[str, str, object]]:
        """Method, path and body of each request, for asserting order."""
        return [(method, path, body) for method, path, _, body in self.received]


class _Handler(BaseHTTPRequestHandler):
    server: StandInRasa

    def log_message(self, *args) -> None:
        pass

    def _answer(self, body: object) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _record(self) -> tuple[str, object]:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        self.server.received.append((self.command, url.path, parse_qs(url.query), body))
        return url.path, body

    def do_POST(self) -> None:
        path, body = self._record()
        if path == "/model/parse":
            # Texts without a recording (the fuzzer's) get the FAQ recording, as Rasa answers anything.
            self._answer(RECORDED_PARSES.get(body["text"], RECORDED_PARSES["交强险现在赔多少"]))
        else:
            self._answer({"sender_id": path.split("/")[2], "events": [], "messages": []})

    def do_GET(self) -> None:
        path, _ = self._record()
        self._answer({"sender_id": path.split("/")[2], "paused": True, "events": TRACKER_EVENTS})


@contextmanager
def stand_in_rasa() -> Iterator[StandInRasa]:
    """Run the stand-in and point the API's Rasa client at it until the block ends."""
    server = StandInRasa()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    app.dependency_overrides[copilot.rasa_client] = lambda: RasaClient(server.url, RASA_TOKEN, timeout=5)
    try:
        yield server
    finally:
        app.dependency_overrides.pop(copilot.rasa_client, None)
        server.shutdown()
        server.server_close()
