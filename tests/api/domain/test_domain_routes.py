"""The public domain routes, on a throwaway app that includes only them."""

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from api.core.errors import install_error_handlers
from api.routes import checklists, deadlines, settlement


def build_app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)
    for module in (settlement, checklists, deadlines):
        app.include_router(module.router)
    return app


APP = build_app()
ESTIMATE = "/api/v1/settlement/estimate"
CHECKLIST = "/api/v1/materials/checklist"
DEADLINES = "/api/v1/deadlines"


@pytest.fixture(scope="module")
def client():
    return TestClient(APP)


def test_estimate(client):
    response = client.post(
        ESTIMATE,
        json={
            "accident_date": "2024-03-15",
            "region": "江苏",
            "hearing_year": 2024,
            "victim_age": 65,
            "disability_grade": 10,
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["items"][0]["amount"] == "94816.50"
    assert body["items"][0]["sub_limit"] == "死亡伤残"
    assert body["total_loss"] == "94816.50"
    assert body["standards"]["statistical_year"] == 2023
    assert "估算" in body["disclaimer"]


def test_a_city_name_is_estimated_with_its_provinces_standard(client):
    response = client.post(
        ESTIMATE,
        json={
            "accident_date": "2024-03-15",
            "region": "南京",
            "hearing_year": 2024,
            "victim_age": 65,
            "disability_grade": 10,
        },
    )
    assert response.status_code == 200
    assert response.json()["standards"]["region"] == "江苏"
    assert response.json()["items"][0]["amount"] == "94816.50"


@pytest.mark.parametrize(
    ("body", "detail", "code"),
    [
        ({"disability_grade": 11}, "伤残等级不能大于10。", "invalid_disability_grade"),
        ({"disability_grade": 0}, "伤残等级不能小于1。", "invalid_disability_grade"),
        (
            {"disability_grade": 9, "extra_disability_grades": [12]},
            "其他伤残等级不能大于10。",
            "invalid_extra_disability_grades",
        ),
        ({"medical_costs": -5}, "医疗费不能小于0。", "invalid_medical_costs"),
        ({"medical_costs": "1.005"}, "医疗费最多保留2位小数。", "invalid_medical_costs"),
        ({"medical_costs": "很多"}, "医疗费应为数字。", "invalid_medical_costs"),
        ({"victim_age": 130}, "伤者年龄不能大于120。", "invalid_victim_age"),
        ({"dependants": [{"age": 5}] * 21}, "被扶养人最多20项。", "invalid_dependants"),
        ({"dependants": [{"age": 5, "supporters": 0}]}, "扶养人人数不能小于1。", "invalid_supporters"),
        ({"liability": "全部"}, "事故责任应为全责、主责、同责、次责、无责之一。", "invalid_liability"),
        ({"accident_date": "昨天"}, "事故日期应为日期，如 2024-03-15。", "invalid_accident_date"),
        ({"medical": 1}, "不认识的字段“medical”，请检查拼写。", "invalid_request"),
        (
            {"extra_disability_grades": [9]},
            "填写多处伤残时，请先在伤残等级中填写最重一处的等级。",
            "disability_grade_missing",
        ),
        ({"region": "火星"}, None, "region_not_found"),
        ({"accident_date": "2007-01-01"}, "暂时只能估算2008年2月1日以后发生的事故。", "accident_date_not_covered"),
    ],
)
def test_estimate_rejects_wrong_values_with_a_chinese_message_and_a_code(client, body, detail, code):
    response = client.post(ESTIMATE, json=body)
    assert response.status_code == 422
    assert set(response.json()) == {"detail", "code"}
    assert response.json()["code"] == code
    if detail is not None:
        assert response.json()["detail"] == detail


def test_broken_or_missing_bodies(client):
    broken = client.post(ESTIMATE, content=b"{", headers={"content-type": "application/json"})
    assert (broken.status_code, broken.json()) == (422, {"detail": "请求内容不是有效的JSON。", "code": "invalid_json"})
    assert client.post(ESTIMATE, json=[1]).json() == {"detail": "请求内容应为JSON对象。", "code": "invalid_request"}
    assert client.post(ESTIMATE).json() == {"detail": "请填写请求内容。", "code": "invalid_request"}


def test_checklist(client):
    response = client.post(CHECKLIST, json={"inpatient": True, "death": True})
    assert response.status_code == 200
    items = response.json()["items"]
    assert items[0] == {
        "code": "victim_id",
        "group": "identity",
        "group_title": "身份证明",
        "name": "伤者身份证或户口簿",
        "note": "复印件即可，原件备查。",
    }
    assert {"discharge_summary", "death_certificate"} <= {item["code"] for item in items}
    assert client.post(CHECKLIST, json={}).status_code == 200
    wrong = client.post(CHECKLIST, json={"death": "也许"})
    assert wrong.json() == {"detail": "是否死亡应为 true 或 false。", "code": "invalid_death"}


def test_deadlines(client):
    response = client.post(
        DEADLINES,
        json={
            "accident_time": "2024-03-15T10:00",
            "now": "2024-03-16T10:00",
            "police_reported": True,
            "liability_report_received_at": "2024-03-15T18:00:00+08:00",
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["now"] == "2024-03-16T10:00:00+08:00"
    notice = body["deadlines"][1]
    assert notice["code"] == "insurer_notice_48h"
    assert notice["due_at"] == "2024-03-17T10:00:00+08:00"
    assert (notice["remaining_hours"], notice["status"]) == (24.0, "open")
    assert [deadline["status"] for deadline in body["deadlines"]] == ["done", "open", "open", "open", "open"]


def test_deadlines_default_to_now_and_reject_bad_times(client):
    assert client.post(DEADLINES, json={"accident_time": "2024-03-15T10:00"}).status_code == 200
    future = client.post(DEADLINES, json={"accident_time": "2090-03-15T10:00"})
    assert future.json() == {"detail": "事故时间不能晚于当前时间。", "code": "accident_in_future"}
    missing = client.post(DEADLINES, json={})
    assert missing.json() == {"detail": "请填写事故时间。", "code": "invalid_accident_time"}


def test_openapi_carries_the_chinese_texts():
    spec = APP.openapi()
    operation = spec["paths"][ESTIMATE]["post"]
    assert "估算" in operation["description"]
    assert operation["responses"]["422"]["content"]["application/json"]["schema"]["$ref"].endswith("ErrorOut")
    grade = spec["components"]["schemas"]["SettlementRequest"]["properties"]["disability_grade"]
    assert "1级最重" in grade["description"]
    assert set(spec["paths"]) == {ESTIMATE, CHECKLIST, DEADLINES}


schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_breaks_the_routes(case):
    """Generated requests, valid or not, get a documented answer and never a server error."""
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
