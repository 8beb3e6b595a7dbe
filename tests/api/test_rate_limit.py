"""Public endpoints: a client that calls too often gets a 429 with a Chinese message, others are not affected."""

import asyncio

import pytest
from fastapi.testclient import TestClient

from api.core.config import settings
from api.core.rate_limit import limiter_for, retry_after
from api.main import app
from tests.conftest import free_port

ESTIMATE = {"medical_expenses": "1000"}


@pytest.fixture
def limit_of_three(monkeypatch, database):
    monkeypatch.setattr(settings, "RATE_LIMIT_PER_MINUTE", 3)


def _client(address: str) -> TestClient:
    return TestClient(app, client=(address, 40000))


def test_the_fourth_sign_in_within_a_minute_is_429(limit_of_three):
    caller = _client("203.0.113.10")
    statuses = [
        caller.post("/api/v1/auth/token", data={"username": "x", "password": "y"}).status_code for _ in range(4)
    ]
    assert statuses == [401, 401, 401, 429]
    refused = caller.post("/api/v1/auth/token", data={"username": "x", "password": "y"})
    assert refused.json() == {"detail": refused.json()["detail"], "code": "rate_limited"}
    assert refused.json()["detail"].startswith("请求太频繁了，请 ")
    assert 1 <= int(refused.headers["Retry-After"]) <= 61


def test_each_client_and_endpoint_has_its_own_count(limit_of_three):
    busy, other = _client("203.0.113.11"), _client("203.0.113.12")
    for _ in range(3):
        busy.post("/api/v1/claims/RPT20260101000001/verify", json={"phone": "5678"})
    assert busy.post("/api/v1/claims/RPT20260101000001/verify", json={"phone": "5678"}).status_code == 429
    assert other.post("/api/v1/claims/RPT20260101000001/verify", json={"phone": "5678"}).status_code == 404
    assert busy.post("/api/v1/deadlines", json={}).status_code == 422


def test_authenticated_routes_are_not_limited(limit_of_three, service):
    caller = _client("203.0.113.13")
    statuses = {caller.get("/api/v1/followups", headers=service).status_code for _ in range(5)}
    assert statuses == {200}


def test_two_replicas_sharing_redis_share_each_clients_count(redis_url):
    async def calls_on_alternate_replicas() -> list:
        replicas = [limiter_for(redis_url), limiter_for(redis_url)]
        return [await retry_after(replicas[n % 2], "203.0.113.20", "sign_in", 3) for n in range(4)]

    waits = asyncio.run(calls_on_alternate_replicas())
    assert waits[:3] == [0, 0, 0] and 1 <= waits[3] <= 60


def test_without_redis_the_calls_are_served_and_not_counted():
    unreachable = limiter_for(f"redis://127.0.0.1:{free_port()}/0")
    assert asyncio.run(retry_after(unreachable, "203.0.113.21", "sign_in", 1)) == 0


def test_openapi_documents_the_429():
    paths = app.openapi()["paths"]
    assert "429" in paths["/api/v1/auth/token"]["post"]["responses"]
    assert "429" in paths["/api/v1/settlement/estimate"]["post"]["responses"]
    assert "429" not in paths["/api/v1/followups"]["get"]["responses"]


def test_the_bots_calls_for_all_claimants_are_not_limited_and_a_wrong_key_is(limit_of_three, service):
    bot = _client("203.0.113.14")
    statuses = [
        bot.post("/api/v1/deadlines", json={"accident_time": "2026-11-20T08:00:00+08:00"}, headers=service).status_code
        for _ in range(5)
    ]
    assert statuses == [200] * 5
    forged = {"X-Service-Key": "not-the-key"}
    statuses = [
        bot.post("/api/v1/deadlines", json={"accident_time": "2026-11-20T08:00:00+08:00"}, headers=forged).status_code
        for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
