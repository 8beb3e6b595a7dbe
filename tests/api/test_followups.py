"""Follow-ups: scheduling, listing, cancelling, and the claimant's opt-out."""

import uuid
from datetime import datetime, timedelta

from api.core.db import SessionLocal
from api.crud import followups
from api.models import FollowUp, FollowUpStatus


def _conversation() -> str:
    return f"wx-{uuid.uuid4().hex}"


def _schedule(client, headers, **changes):
    body = {
        "conversation_id": changes.pop("conversation_id", None) or _conversation(),
        "channel": "wechat",
        "kind": "materials_reminder",
        "due_at": "2026-12-01T10:00:00",
        "payload": {"missing": ["诊断证明书"]},
        **changes,
    }
    return client.post("/api/v1/followups", json=body, headers=headers)


def test_schedule_a_nudge(client, service, new_claim):
    number = new_claim()["claim_number"]
    response = _schedule(client, service, claim_number=number)
    assert response.status_code == 201
    body = response.json()
    assert body["claim_number"] == number
    assert body["due_at"] == "2026-12-01T02:00:00Z"  # Beijing time without a zone
    assert (body["status"], body["attempts"], body["payload"]) == ("scheduled", 0, {"missing": ["诊断证明书"]})
    assert client.get(f"/api/v1/followups/{body['id']}", headers=service).json() == body


def test_a_nudge_for_an_unknown_claim_is_404(client, service):
    response = _schedule(client, service, claim_number="RPT19990101000001")
    assert response.status_code == 404


def test_list_filters_by_conversation_and_orders_by_due_time(client, service, agent):
    conversation = _conversation()
    late = _schedule(client, service, conversation_id=conversation, due_at="2026-12-03T10:00:00+08:00").json()
    early = _schedule(client, service, conversation_id=conversation, due_at="2026-12-02T10:00:00+08:00").json()
    _schedule(client, service)
    response = client.get("/api/v1/followups", params={"conversation_id": conversation}, headers=agent)
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 2
    assert [f["id"] for f in body["items"]] == [early["id"], late["id"]]
    due = client.get(
        "/api/v1/followups",
        params={"conversation_id": conversation, "due_before": "2026-12-02T12:00:00+08:00"},
        headers=agent,
    ).json()
    assert [f["id"] for f in due["items"]] == [early["id"]]


def test_cancel_twice_is_harmless(client, service):
    followup = _schedule(client, service).json()
    for _ in range(2):
        response = client.post(f"/api/v1/followups/{followup['id']}/cancel", headers=service)
        assert response.status_code == 200
        assert response.json()["status"] == "cancelled"


def test_an_unknown_followup_is_404(client, service):
    response = client.post("/api/v1/followups/2147483647/cancel", headers=service)
    assert response.status_code == 404
    assert response.json() == {"detail": "没有找到这条跟进提醒。", "code": "followup_not_found"}


def test_opting_out_cancels_reminders_and_refuses_new_ones_but_not_callbacks(client, service):
    conversation = _conversation()
    reminder = _schedule(client, service, conversation_id=conversation).json()
    callback = _schedule(client, service, conversation_id=conversation, kind="callback").json()
    response = client.post(f"/api/v1/preferences/{conversation}/opt-out", headers=service)
    assert response.status_code == 200
    assert response.json()["opted_out_of_reminders"] is True
    assert client.get(f"/api/v1/followups/{reminder['id']}", headers=service).json()["status"] == "cancelled"
    assert client.get(f"/api/v1/followups/{callback['id']}", headers=service).json()["status"] == "scheduled"
    refused = _schedule(client, service, conversation_id=conversation, kind="treatment_checkin")
    assert refused.status_code == 409
    assert refused.json()["code"] == "opted_out"
    assert _schedule(client, service, conversation_id=conversation, kind="callback").status_code == 201


def test_preferences_default_to_reminders_and_can_be_turned_back_on(client, service):
    conversation = _conversation()
    response = client.get(f"/api/v1/preferences/{conversation}", headers=service)
    assert response.json() == {"conversation_id": conversation, "opted_out_of_reminders": False, "at": None}
    client.post(f"/api/v1/preferences/{conversation}/opt-out", headers=service)
    assert client.get(f"/api/v1/preferences/{conversation}", headers=service).json()["opted_out_of_reminders"] is True
    response = client.post(f"/api/v1/preferences/{conversation}/opt-in", headers=service)
    assert response.json()["opted_out_of_reminders"] is False
    assert _schedule(client, service, conversation_id=conversation).status_code == 201


def test_a_status_change_schedules_a_nudge_to_the_claimants_conversation(client, service, agent, new_claim):
    conversation = _conversation()
    number = new_claim(conversation_id=conversation, channel="web")["claim_number"]
    client.post(f"/api/v1/claims/{number}/status", json={"status": "awaiting_materials"}, headers=agent)
    items = client.get(
        "/api/v1/followups", params={"conversation_id": conversation, "kind": "status_change"}, headers=service
    ).json()["items"]
    assert [(f["kind"], f["channel"], f["payload"]) for f in items] == [
        ("status_change", "web", {"claim_number": number, "status": "awaiting_materials"})
    ]


def test_a_conversation_id_is_a_plain_identifier(client, service):
    assert client.get("/api/v1/preferences/has space", headers=service).status_code == 422


def _followups(client, service, conversation: str, **filters) -> list[dict]:
    params = {"conversation_id": conversation, **filters}
    return client.get("/api/v1/followups", params=params, headers=service).json()["items"]


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _since(later: str, earlier: str) -> timedelta:
    return _at(later) - _at(earlier)


def test_missing_papers_bring_a_reminder_three_days_after_the_report_cancelled_once_all_arrive(
    client, service, new_claim
):
    conversation = _conversation()
    claim = new_claim(conversation_id=conversation, channel="web")
    [reminder] = _followups(client, service, conversation)
    assert (reminder["kind"], reminder["status"], reminder["claim_number"]) == (
        "materials_reminder",
        "scheduled",
        claim["claim_number"],
    )
    assert _since(reminder["due_at"], claim["created_at"]) == timedelta(days=3)
    materials = client.get(f"/api/v1/claims/{claim['claim_number']}/materials", headers=service).json()
    for material in materials[:-1]:
        client.post(
            f"/api/v1/claims/{claim['claim_number']}/materials/{material['code']}",
            json={"status": "received"},
            headers=service,
        )
    assert _followups(client, service, conversation)[0]["status"] == "scheduled"
    client.post(
        f"/api/v1/claims/{claim['claim_number']}/materials/{materials[-1]['code']}",
        json={"status": "waived"},
        headers=service,
    )
    assert [f["status"] for f in _followups(client, service, conversation)] == ["cancelled"]


def test_a_delivered_materials_reminder_is_followed_by_another_while_papers_are_still_missing(
    client, service, new_claim
):
    conversation = _conversation()
    new_claim(conversation_id=conversation, channel="web")
    [reminder] = _followups(client, service, conversation)
    with SessionLocal() as session:
        followup = session.get(FollowUp, reminder["id"])
        followup.status = FollowUpStatus.delivering
        followups.mark_delivered(session, followup)
        session.commit()
        delivered_at = followup.delivered_at
    [next_one] = _followups(client, service, conversation, status="scheduled")
    assert next_one["kind"] == "materials_reminder"
    assert timedelta(0) <= _at(next_one["due_at"]) - delivered_at - timedelta(days=3) < timedelta(seconds=5)


def test_a_hospital_stay_brings_weekly_check_ins_and_closing_the_claim_cancels_every_pending_nudge(
    client, service, agent, new_claim
):
    conversation = _conversation()
    claim = new_claim(conversation_id=conversation, channel="rest")
    number = claim["claim_number"]
    response = client.post(f"/api/v1/claims/{number}/injured-parties", json={"hospitalised": True}, headers=service)
    assert response.status_code == 201
    checkin = _followups(client, service, conversation, kind="treatment_checkin")[0]
    assert (checkin["status"], _since(checkin["due_at"], claim["created_at"])) == ("scheduled", timedelta(days=7))
    client.post(f"/api/v1/claims/{number}/status", json={"status": "withdrawn"}, headers=agent)
    assert {(f["kind"], f["status"]) for f in _followups(client, service, conversation)} == {
        ("materials_reminder", "cancelled"),
        ("treatment_checkin", "cancelled"),
        ("status_change", "scheduled"),
    }


def test_an_injured_person_may_be_recorded_without_a_name_and_with_the_injury_in_the_claimants_words(
    client, service, new_claim
):
    number = new_claim()["claim_number"]
    response = client.post(
        f"/api/v1/claims/{number}/injured-parties",
        json={"injury_description": "左腿骨折，在仁济医院住院"},
        headers=service,
    )
    assert response.status_code == 201
    assert (response.json()["name"], response.json()["injury_description"]) == (None, "左腿骨折，在仁济医院住院")
    too_long = client.post(
        f"/api/v1/claims/{number}/injured-parties", json={"injury_description": "疼" * 501}, headers=service
    )
    assert too_long.status_code == 422
