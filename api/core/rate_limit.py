"""Per-client limits on the endpoints anyone can call without credentials, counted by the `limits` library.

The counts live in Redis when RATE_LIMIT_STORAGE_URL names one, so that every API replica shares them; in memory
otherwise (one process).
"""

import logging
import math
import re
import time

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from limits import RateLimitItemPerMinute
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError
from limits.storage import storage_from_string

from api.core.config import settings
from api.core.security import is_service_key

PUBLIC_ENDPOINTS = {
    "sign_in": re.compile(r"^/api/v1/auth/token$"),
    "verify": re.compile(r"^/api/v1/claims/[^/]+/verify$"),
    "calculators": re.compile(r"^/api/v1/(settlement/estimate|materials/checklist|deadlines)$"),
}
KEY_PREFIX = "claims-api-rate"
logger = logging.getLogger(__name__)


def limiter_for(storage_url: str) -> MovingWindowRateLimiter:
    """A moving one-minute window over memory:// or redis://host:port/db."""
    options = {"implementation": "redispy", "key_prefix": KEY_PREFIX} if storage_url.startswith("redis") else {}
    return MovingWindowRateLimiter(storage_from_string(f"async+{storage_url}", wrap_exceptions=True, **options))


async def retry_after(limiter: MovingWindowRateLimiter, client: str, endpoint: str, per_minute: int) -> int:
    """Seconds until the client may call again, or 0 when this call is within the limit (and is counted)."""
    limit = RateLimitItemPerMinute(per_minute)
    try:
        if await limiter.hit(limit, endpoint, client):
            return 0
    except StorageError:
        # Redis is unreachable: serve the call (nginx still limits each address at the edge) rather than fail it.
        logger.warning("rate limit storage unavailable; %s from %s not counted", endpoint, client, exc_info=True)
        return 0
    reset_at, _ = await limiter.get_window_stats(limit, endpoint, client)
    return max(1, math.ceil(reset_at - time.time()))


def _endpoint_of(path: str) -> str | None:
    return next((name for name, pattern in PUBLIC_ENDPOINTS.items() if pattern.match(path)), None)


def install(app: FastAPI) -> None:
    """Answer 429 with a Chinese message when a client other than the bot calls a public endpoint too often."""
    limiter = limiter_for(settings.RATE_LIMIT_STORAGE_URL)

    @app.middleware("http")
    async def limit_public_endpoints(request: Request, call_next):
        endpoint = _endpoint_of(request.url.path) if request.method == "POST" else None
        # The bot's action server calls for every claimant from one address; the per-claim verification lockout
        # still applies to what claimants send through it.
        if endpoint and not is_service_key(request.headers.get("X-Service-Key", "")):
            client = request.client.host if request.client else "unknown"
            wait = await retry_after(limiter, client, endpoint, settings.RATE_LIMIT_PER_MINUTE)
            if wait:
                return JSONResponse(
                    {"detail": f"请求太频繁了，请 {wait} 秒后再试。", "code": "rate_limited"},
                    status_code=429,
                    headers={"Retry-After": str(wait)},
                )
        return await call_next(request)
