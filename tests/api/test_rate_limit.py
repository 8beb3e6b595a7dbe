"""Public endpoints: a client that calls too often gets a 429 with a Chinese message, others are not affected."""

import pytest
from fastapi.testclient import TestClient

from api.core.config import settings
from api.core.rate_limit import SlidingWindow
from api.main import app

ESTIMATE = {"medical_expenses": "1000"}


@pytest.fixture
def limit_of_three(monkeypatch, database):
    monkeypatch.setattr(settings, "RATE_LIMIT_PER_MINUTE", 3)


def _client(address: str) -> TestClient:
    return TestClient(app, client=(address, 40000))


def test_the_fourth_sign_in_within_a_minute_is_429(limit_of_three):
    caller = _client("203.0.113.10")
    statuses = [caller.post("/api/v1/auth/token", data={"username": "x", "password": "y"}).status_code for _ in range(4)]
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


def test_the_window_forgets_calls_older_than_a_minute():
    window = SlidingWindow()
    assert [window.retry_after("c", "sign_in", 2, now) for now in (0.0, 1.0, 2.0)] == [0, 0, 59]
    assert window.retry_after("c", "sign_in", 2, 60.5) == 0


def test_openapi_documents_the_429():
    paths = app.openapi()["paths"]
    assert "429" in paths["/api/v1/auth/token"]["post"]["responses"]
    assert "429" in paths["/api/v1/settlement/estimate"]["post"]["responses"]
    assert "429" not in paths["/api/v1/followups"]["get"]["responses"]


def test_the_bots_calls_for_all_claimants_are_not_limited_and_a_wrong_key_is(limit_of_three, service):
    bot = _client("203.0.113.14")
    statuses = [bot.post("/api/v1/deadlines", json={"accident_time": "2026-11-20T08:00:00+08:00"},
                         headers=service).status_code for _ in range(5)]
    assert statuses == [200] * 5
    forged = {"X-Service-Key": "not-the-key"}
    statuses = [bot.post("/api/v1/deadlines", json={"accident_time": "2026-11-20T08:00:00+08:00"},
                         headers=forged).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
