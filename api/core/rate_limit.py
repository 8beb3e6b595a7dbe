"""Per-client limits on the endpoints anyone can call without credentials."""

import re
import threading
import time
from collections import defaultdict, deque

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api.core.config import settings
from api.core.security import is_service_key

WINDOW_SECONDS = 60.0
PUBLIC_ENDPOINTS = {
    "sign_in": re.compile(r"^/api/v1/auth/token$"),
    "verify": re.compile(r"^/api/v1/claims/[^/]+/verify$"),
    "calculators": re.compile(r"^/api/v1/(settlement/estimate|materials/checklist|deadlines)$"),
}


class SlidingWindow:
    """Counts each client's requests per endpoint over the last minute."""

    def __init__(self) -> None:
        self._hits: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def retry_after(self, client: str, endpoint: str, limit: int, now: float) -> int:
        """Seconds until the client may call again, or 0 when this call is within the limit (and is counted)."""
        with self._lock:
            hits = self._hits[(client, endpoint)]
            while hits and hits[0] <= now - WINDOW_SECONDS:
                hits.popleft()
            if len(hits) >= limit:
                return max(1, int(hits[0] + WINDOW_SECONDS - now) + 1)
            hits.append(now)
            return 0


def _endpoint_of(path: str) -> str | None:
    return next((name for name, pattern in PUBLIC_ENDPOINTS.items() if pattern.match(path)), None)


def install(app: FastAPI, window: SlidingWindow | None = None) -> None:
    """Answer 429 with a Chinese message when a client other than the bot calls a public endpoint too often."""
    window = window or SlidingWindow()

    @app.middleware("http")
    async def limit_public_endpoints(request: Request, call_next):
        endpoint = _endpoint_of(request.url.path) if request.method == "POST" else None
        # The bot's action server calls for every claimant from one address; the per-claim verification lockout
        # still applies to what claimants send through it.
        if endpoint and not is_service_key(request.headers.get("X-Service-Key", "")):
            client = request.client.host if request.client else "unknown"
            wait = window.retry_after(client, endpoint, settings.RATE_LIMIT_PER_MINUTE, time.monotonic())
            if wait:
                return JSONResponse(
                    {"detail": f"请求太频繁了，请 {wait} 秒后再试。", "code": "rate_limited"},
                    status_code=429,
                    headers={"Retry-After": str(wait)},
                )
        return await call_next(request)
