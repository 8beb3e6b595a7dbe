"""The audit log: every read or change of claimant data leaves a row."""

from sqlalchemy import select

from api.core.db import SessionLocal
from api.models import AuditEntry


def _trail(resource_id: str) -> list[tuple[str, str | None, str]]:
    with SessionLocal() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.resource_id == resource_id).order_by(AuditEntry.id))
        return [(row.actor_kind.value, row.actor_id, row.action) for row in rows]


def test_reads_and_changes_of_a_claim_are_audited_with_the_actor(client, service, agent, new_claim):
    number = new_claim()["claim_number"]
    client.get(f"/api/v1/claims/{number}", headers=agent)
    client.patch(f"/api/v1/claims/{number}", json={"hospital": "华山医院"}, headers=service)
    client.post(f"/api/v1/claims/{number}/status", json={"status": "under_review"}, headers=agent)
    client.post(f"/api/v1/claims/{number}/verify", json={"phone": "0000"})
    client.post(f"/api/v1/claims/{number}/verify", json={"phone": "8000"})
    assert _trail(number) == [
        ("service", "service", "create"),
        ("agent", "agent", "read"),
        ("service", "service", "update"),
        ("agent", "agent", "status_change"),
        ("claimant", None, "verify_failed"),
        ("claimant", None, "verify"),
    ]


def test_sub_resources_name_their_claim(client, service, new_claim):
    number = new_claim()["claim_number"]
    client.get(f"/api/v1/claims/{number}/materials", headers=service)
    with SessionLocal() as session:
        row = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
    assert (row.action, row.resource, row.detail) == ("list", "claim_material", {"claim_number": number})


def test_supervisors_read_the_audit_log_and_agents_may_not(client, agent, supervisor, new_claim):
    number = new_claim()["claim_number"]
    response = client.get("/api/v1/audit", params={"resource": "claim", "resource_id": number}, headers=supervisor)
    assert response.status_code == 200
    assert [(e["actor_kind"], e["action"]) for e in response.json()["items"]] == [("service", "create")]
    denied = client.get("/api/v1/audit", headers=agent)
    assert denied.status_code == 403
    assert denied.json() == {"detail": "这个操作需要主管或管理员权限。", "code": "supervisors_only"}


def _listings(resource: str) -> list[dict]:
    with SessionLocal() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.action == "list", AuditEntry.resource == resource))
        return [row.detail for row in rows]


def test_a_listing_is_audited_by_what_it_showed_and_an_empty_one_leaves_no_row(client, service):
    conversation = {"conversation_id": "audit-listing", "status": "scheduled"}
    client.get("/api/v1/followups", params=conversation, headers=service)
    assert _listings("followup") == []
    followup = client.post(
        "/api/v1/followups",
        headers=service,
        json={
            "conversation_id": "audit-listing",
            "channel": "rest",
            "kind": "callback",
            "due_at": "2030-01-01T08:00:00+08:00",
        },
    ).json()
    client.get("/api/v1/followups", params=conversation, headers=service)
    assert _listings("followup") == [{"ids": [followup["id"]]}]
