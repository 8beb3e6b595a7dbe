"""A local stand-in for WeChat's token and customer-service message API that records what it received."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, List
from urllib.parse import parse_qs, urlparse

ACCESS_TOKEN = "standin-access-token"


class StandInWeChatApi:
    """Answers /cgi-bin/token and /cgi-bin/message/custom/send like WeChat, on a free local port."""

    def __init__(self, app_id: str, app_secret: str) -> None:
        self.app_id = app_id
        self.app_secret = app_secret
        self.token_requests: List[Dict[str, str]] = []
        self.sent: List[Dict] = []
        self.refused: List[Dict] = []
        # OpenID -> errcode WeChat answers for messages to that follower (e.g. 45015 outside the 48-hour window).
        self.refusals: Dict[str, int] = {}
        self._received = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> "StandInWeChatApi":
        self._thread.start()
        return self

    def __exit__(self, *_) -> None:
        self._server.shutdown()
        self._server.server_close()

    def texts_to(self, open_id: str) -> List[str]:
        """The texts delivered to one follower, in order."""
        return [message["text"]["content"] for message in self.sent if message["touser"] == open_id]

    def wait_for_texts(self, open_id: str, count: int, timeout: float = 20) -> List[str]:
        """The first `count` texts delivered to a follower, waiting for them to arrive."""
        deadline = time.monotonic() + timeout
        with self._received:
            while len(self.texts_to(open_id)) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"{open_id} got {self.texts_to(open_id)}, expected {count} messages")
                self._received.wait(remaining)
            return self.texts_to(open_id)

    def _record(self, message: Dict) -> Dict:
        with self._received:
            refusal = self.refusals.get(message.get("touser"), 0)
            (self.refused if refusal else self.sent).append(message)
            self._received.notify_all()
        if refusal:
            return {"errcode": refusal, "errmsg": "response out of time limit or subscription is canceled"}
        return {"errcode": 0, "errmsg": "ok"}

    def _handler_class(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlparse(self.path)
                query = {name: values[0] for name, values in parse_qs(url.query).items()}
                if url.path != "/cgi-bin/token":
                    return self._answer({"errcode": 404, "errmsg": "not found"}, status=404)
                api.token_requests.append(query)
                if (query.get("appid"), query.get("secret")) != (api.app_id, api.app_secret):
                    return self._answer({"errcode": 40013, "errmsg": "invalid appid"})
                self._answer({"access_token": ACCESS_TOKEN, "expires_in": 7200})

            def do_POST(self) -> None:
                url = urlparse(self.path)
                query = {name: values[0] for name, values in parse_qs(url.query).items()}
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if url.path != "/cgi-bin/message/custom/send":
                    return self._answer({"errcode": 404, "errmsg": "not found"}, status=404)
                if query.get("access_token") != ACCESS_TOKEN:
                    return self._answer({"errcode": 40001, "errmsg": "invalid credential"})
                self._answer(api._record(json.loads(body.decode("utf-8"))))

            def _answer(self, payload: Dict, status: int = 200) -> None:
                body = json.dumps(payload).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_) -> None:
                pass

        return Handler
