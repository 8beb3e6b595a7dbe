"""Reporting, reading, correcting and moving claims."""

import re

import pytest

from api.crud import claims as claim_crud


def test_report_returns_201_with_a_claim_number_and_the_first_status(client, service, report):
    response = client.post(
        "/api/v1/claims",
        json=report(injured_parties=[{"name": "王五", "age": 34, "hospitalised": True, "severity": "serious"}]),
        headers=service,
    )
    assert response.status_code == 201
    body = response.json()
    assert re.fullmatch(r"RPT\d{8}\d{6}", body["claim_number"])
    assert body["status"] == "reported"
    assert body["reporter_phone"] == "13800138000"
    assert body["accident_time"] == "2026-11-20T00:30:00Z"
    assert body["injured_parties"][0]["name"] == "王五"
    [first] = body["status_history"]
    assert (first["from_status"], first["to_status"], first["changed_by"]) == (None, "reported", "service")


def test_report_builds_the_checklist_from_the_facts(client, service, agent, new_claim):
    claim = new_claim(facts={"lost_income": True}, injured_parties=[{"name": "王五", "hospitalised": True}])
    codes = [m["code"] for m in client.get(f"/api/v1/claims/{claim['claim_number']}/materials", headers=agent).json()]
    assert {"victim_id", "medical_invoices", "employer_absence_certificate", "discharge_summary"} <= set(codes)
    assert "death_certificate" not in codes


def test_report_without_required_fields_names_the_first_in_chinese(client, service):
    response = client.post("/api/v1/claims", json={"accident_place": "路口"}, headers=service)
    assert response.status_code == 422
    assert response.json() == {"detail": "请填写「accident_time」。", "code": "invalid_accident_time"}


def test_report_refuses_an_accident_in_the_future(client, service, report):
    response = client.post("/api/v1/claims", json=report(accident_time="2099-01-01T00:00:00"), headers=service)
    assert response.status_code == 422
    assert response.json() == {"detail": "「accident_time」不能晚于现在。", "code": "invalid_accident_time"}


def test_report_refuses_a_bad_phone_number(client, service, report):
    response = client.post("/api/v1/claims", json=report(reporter_phone="12ab"), headers=service)
    assert response.status_code == 422
    assert response.json() == {"detail": "「reporter_phone」需要是有效的电话号码。", "code": "invalid_reporter_phone"}


def test_read_claim(client, agent, new_claim):
    claim = new_claim()
    response = client.get(f"/api/v1/claims/{claim['claim_number']}", headers=agent)
    assert response.status_code == 200
    assert response.json() == claim


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "", None),
        ("PATCH", "", {"plate_number": "沪B54321"}),
        ("POST", "/status", {"status": "under_review"}),
        ("GET", "/materials", None),
    ],
)
def test_an_unknown_claim_is_404_without_asking_for_a_phone(client, agent, method, path, body):
    response = client.request(method, f"/api/v1/claims/RPT20000101999999{path}", json=body, headers=agent)
    assert response.status_code == 404
    assert response.json() == {"detail": "没有找到这个案件。", "code": "claim_not_found"}


def test_correct_claim_changes_only_the_given_fields(client, service, new_claim):
    claim = new_claim()
    response = client.patch(
        f"/api/v1/claims/{claim['claim_number']}", json={"plate_number": "沪B54321", "hospital": None}, headers=service
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["plate_number"], body["hospital"], body["driver_name"]) == ("沪B54321", None, "张三")


def test_correct_claim_refuses_null_for_a_required_field(client, service, new_claim):
    claim = new_claim()
    response = client.patch(f"/api/v1/claims/{claim['claim_number']}", json={"accident_place": None}, headers=service)
    assert response.status_code == 422


def test_new_facts_add_papers_and_drop_outstanding_ones(client, service, agent, new_claim):
    number = new_claim(facts={"transport": True})["claim_number"]
    client.post(f"/api/v1/claims/{number}/materials/transport_tickets", json={"status": "received"}, headers=agent)
    response = client.patch(f"/api/v1/claims/{number}", json={"facts": {"death": True}}, headers=service)
    assert response.status_code == 200
    materials = {m["code"]: m["status"] for m in client.get(f"/api/v1/claims/{number}/materials", headers=agent).json()}
    assert materials["death_certificate"] == "required"
    assert materials["transport_tickets"] == "received"  # what arrived stays on the record


def test_list_claims_filters_and_pages(client, agent, new_claim):
    plate = "粤B99999"
    numbers = [new_claim(plate_number=plate)["claim_number"] for _ in range(3)]
    response = client.get("/api/v1/claims", params={"plate_number": plate, "limit": 2}, headers=agent)
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 3
    assert [c["claim_number"] for c in body["items"]] == numbers[::-1][:2]


def test_list_claims_by_phone_in_any_format(client, agent, new_claim):
    number = new_claim(reporter_phone="13912345678")["claim_number"]
    response = client.get("/api/v1/claims", params={"reporter_phone": "+86 139 1234 5678"}, headers=agent)
    assert number in [c["claim_number"] for c in response.json()["items"]]


def test_status_moves_along_and_is_recorded(client, agent, new_claim):
    number = new_claim()["claim_number"]
    response = client.post(
        f"/api/v1/claims/{number}/status", json={"status": "under_review", "note": "已回访"}, headers=agent
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "under_review"
    assert body["status_history"][-1]["from_status"] == "reported"
    assert body["status_history"][-1]["changed_by"] == "agent"
    assert body["status_history"][-1]["note"] == "已回访"


def test_a_step_the_process_does_not_allow_is_409(client, agent, new_claim):
    number = new_claim()["claim_number"]
    response = client.post(f"/api/v1/claims/{number}/status", json={"status": "paid"}, headers=agent)
    assert response.status_code == 409
    assert response.json() == {"detail": "案件当前是「已报案」，不能改为「已赔付」。", "code": "invalid_transition"}


def test_closed_and_withdrawn_claims_stay_put():
    assert claim_crud.CLAIM_TRANSITIONS[claim_crud.ClaimStatus.closed] == set()
    assert claim_crud.CLAIM_TRANSITIONS[claim_crud.ClaimStatus.withdrawn] == set()
