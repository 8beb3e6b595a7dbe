"""Who may call what: the service key, agent tokens and their roles."""

import re
from datetime import datetime, timedelta, timezone

import jwt
import pytest

from api.core.config import settings
from api.core.db import SessionLocal
from api.crud.agents import upsert_agent
from api.main import app
from api.models import AgentRole

SERVICE_OR_AGENT, AGENT, SERVICE, SUPERVISOR = "service or agent", "agent", "service", "supervisor"
CLAIM = "/api/v1/claims/{claim_number}"
ACCESS = {
    ("POST", "/api/v1/claims"): SERVICE_OR_AGENT,
    ("GET", "/api/v1/claims"): AGENT,
    ("GET", CLAIM): SERVICE_OR_AGENT,
    ("PATCH", CLAIM): SERVICE_OR_AGENT,
    ("POST", f"{CLAIM}/status"): AGENT,
    ("POST", f"{CLAIM}/injured-parties"): SERVICE_OR_AGENT,
    ("GET", f"{CLAIM}/injured-parties"): SERVICE_OR_AGENT,
    ("PATCH", f"{CLAIM}/injured-parties/{{party_id}}"): SERVICE_OR_AGENT,
    ("GET", f"{CLAIM}/materials"): SERVICE_OR_AGENT,
    ("POST", f"{CLAIM}/materials/{{code}}"): SERVICE_OR_AGENT,
    ("POST", f"{CLAIM}/advance-payments"): SERVICE_OR_AGENT,
    ("GET", f"{CLAIM}/advance-payments"): SERVICE_OR_AGENT,
    ("PATCH", f"{CLAIM}/advance-payments/{{payment_id}}"): AGENT,
    ("POST", "/api/v1/followups"): SERVICE_OR_AGENT,
    ("GET", "/api/v1/followups"): SERVICE_OR_AGENT,
    ("GET", "/api/v1/followups/{followup_id}"): SERVICE_OR_AGENT,
    ("POST", "/api/v1/followups/{followup_id}/cancel"): SERVICE_OR_AGENT,
    ("POST", "/api/v1/followups/{followup_id}/take"): SERVICE,
    ("POST", "/api/v1/followups/{followup_id}/delivered"): SERVICE,
    ("GET", "/api/v1/preferences/{conversation_id}"): SERVICE_OR_AGENT,
    ("POST", "/api/v1/preferences/{conversation_id}/opt-out"): SERVICE_OR_AGENT,
    ("POST", "/api/v1/preferences/{conversation_id}/opt-in"): SERVICE_OR_AGENT,
    ("POST", "/api/v1/handoffs"): SERVICE,
    ("GET", "/api/v1/handoffs"): SERVICE_OR_AGENT,
    ("GET", "/api/v1/handoffs/{handoff_id}"): SERVICE_OR_AGENT,
    ("POST", "/api/v1/handoffs/{handoff_id}/take"): AGENT,
    ("POST", "/api/v1/handoffs/{handoff_id}/close"): AGENT,
    ("GET", "/api/v1/audit"): SUPERVISOR,
    ("POST", "/api/v1/copilot/analyse"): AGENT,
    ("POST", "/api/v1/copilot/claims"): AGENT,
    ("POST", "/api/v1/copilot/handoffs/{handoff_id}/messages"): AGENT,
    ("POST", "/api/v1/copilot/handoffs/{handoff_id}/hand-back"): AGENT,
    ("GET", "/api/v1/copilot/handoffs/{handoff_id}/conversation"): AGENT,
}
PUBLIC = {
    ("GET", "/api/v1/health"),
    ("POST", "/api/v1/auth/token"),
    ("POST", f"{CLAIM}/verify"),
    ("POST", "/api/v1/settlement/estimate"),
    ("POST", "/api/v1/materials/checklist"),
    ("POST", "/api/v1/deadlines"),
}
PATH_VALUES = {"claim_number": "RPT20260101000001", "code": "victim_id", "conversation_id": "conv-1"}


def _url(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda match: PATH_VALUES.get(match.group(1), "1"), path)


def _call(client, method: str, path: str, headers: dict):
    return client.request(method, _url(path), headers=headers, json={} if method in ("POST", "PATCH") else None)


def test_every_route_is_either_public_or_listed_here():
    routes = {(method.upper(), path) for path, item in app.openapi()["paths"].items() for method in item}
    assert routes == set(ACCESS) | PUBLIC


@pytest.mark.parametrize(("method", "path"), sorted(ACCESS))
def test_claimant_data_needs_credentials(client, method, path):
    response = _call(client, method, path, {})
    assert response.status_code == 401
    assert response.json() == {"detail": "请先登录或提供有效的服务密钥。", "code": "not_authenticated"}
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(("method", "path"), sorted(ACCESS))
def test_a_wrong_key_or_a_forged_token_is_401(client, method, path):
    wrong_key = _call(client, method, path, {"X-Service-Key": "guess"})
    forged = _call(
        client,
        method,
        path,
        {"Authorization": "Bearer " + jwt.encode({"sub": "agent"}, "a-guessed-secret-that-is-long-enough")},
    )
    assert (wrong_key.status_code, wrong_key.json()["code"]) == (401, "invalid_service_key")
    assert (forged.status_code, forged.json()["code"]) == (401, "invalid_token")


@pytest.mark.parametrize(
    ("method", "path"), sorted(key for key, access in ACCESS.items() if access != SERVICE_OR_AGENT)
)
def test_the_wrong_kind_of_caller_is_403(client, service, agent, method, path):
    wrong = {AGENT: service, SUPERVISOR: agent, SERVICE: agent}[ACCESS[method, path]]
    response = _call(client, method, path, wrong)
    assert response.status_code == 403
    assert response.json()["code"] in {"agents_only", "supervisors_only", "service_only"}


def test_sign_in_returns_a_token_with_the_role(client):
    response = client.post("/api/v1/auth/token", data={"username": "supervisor", "password": "test-password"})
    assert response.status_code == 200
    body = response.json()
    assert (body["token_type"], body["role"], body["expires_in"]) == ("bearer", "supervisor", 480 * 60)
    claims = jwt.decode(body["access_token"], settings.JWT_SECRET, algorithms=["HS256"])
    assert (claims["sub"], claims["role"]) == ("supervisor", "supervisor")


@pytest.mark.parametrize(("username", "password"), [("agent", "wrong-password"), ("nobody", "test-password")])
def test_a_wrong_password_and_an_unknown_user_get_the_same_401(client, username, password):
    response = client.post("/api/v1/auth/token", data={"username": username, "password": password})
    assert response.status_code == 401
    assert response.json() == {"detail": "用户名或密码不正确。", "code": "invalid_credentials"}


def test_an_expired_token_is_401(client):
    past = datetime.now(timezone.utc) - timedelta(hours=1)
    token = jwt.encode({"sub": "agent", "role": "agent", "exp": past}, settings.JWT_SECRET, algorithm="HS256")
    response = client.get("/api/v1/claims", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json() == {"detail": "登录已失效，请重新登录。", "code": "invalid_token"}


def test_a_deactivated_agents_token_stops_working(client):
    with SessionLocal() as session:
        leaver = upsert_agent(session, "leaver", "test-password", AgentRole.agent)
        token = client.post("/api/v1/auth/token", data={"username": "leaver", "password": "test-password"}).json()
        leaver.active = False
        session.commit()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    assert client.get("/api/v1/claims", headers=headers).status_code == 401
    assert (
        client.post("/api/v1/auth/token", data={"username": "leaver", "password": "test-password"}).status_code == 401
    )
