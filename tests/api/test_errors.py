"""Every error is JSON with a Chinese message and a stable code; nothing a caller sends causes a 500."""

import json

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.core.errors import install_error_handlers


def test_an_unknown_route_is_a_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json() == {"detail": "没有找到您要的内容。", "code": "not_found"}


def test_a_wrong_method_is_a_json_405(client):
    response = client.delete("/api/v1/health")
    assert response.status_code == 405
    assert response.json() == {"detail": "不支持这种请求方式。", "code": "method_not_allowed"}


def test_malformed_json_is_422(client, service):
    response = client.post(
        "/api/v1/claims", content=b'{"accident_place": ', headers={**service, "Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json() == {"detail": "请求内容不是有效的JSON。", "code": "invalid_json"}


@pytest.mark.parametrize(
    ("field", "value", "detail", "code"),
    [
        ("accident_place", "路口\x00", "「accident_place」含有无法保存的字符。", "invalid_accident_place"),
        ("accident_place", "\ud800", "「accident_place」含有无法识别的字符。", "invalid_accident_place"),
        ("accident_place", "长" * 201, "「accident_place」最多200个字。", "invalid_accident_place"),
        ("accident_place", "   ", "请填写「accident_place」。", "invalid_accident_place"),
        ("channel", "fax", "「channel」应为web、wechat、rest、console之一。", "invalid_channel"),
        ("facts", {"death": "maybe"}, "「death」应为 true 或 false。", "invalid_death"),
        (
            "accident_time",
            "9999-12-31T23:59:59-23:00",
            "「accident_time」需要在 2000 年到 2100 年之间。",
            "invalid_accident_time",
        ),
        ("injured_parties", [{"name": "甲", "age": -1}], "「age」不能小于0。", "invalid_age"),
        ("unknown_field", 1, "不认识的字段“unknown_field”，请检查拼写。", "invalid_request"),
    ],
)
def test_bad_fields_are_named_in_the_422(client, service, report, field, value, detail, code):
    # json.dumps escapes what httpx could not encode, such as a lone surrogate.
    body = json.dumps(report(**{field: value}))
    response = client.post("/api/v1/claims", content=body, headers={**service, "Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json() == {"detail": detail, "code": code}


def test_json_with_nul_or_nan_is_refused(client, service):
    body = b'{"conversation_id": "c", "channel": "web", "kind": "callback", "due_at": "2026-12-01T10:00:00", '
    for payload in (b'{"a": "\\u0000"}', b'{"a": NaN}'):
        response = client.post(
            "/api/v1/followups",
            content=body + b'"payload": ' + payload + b"}",
            headers={**service, "Content-Type": "application/json"},
        )
        assert response.status_code == 422, response.text


@pytest.mark.parametrize(
    ("followup_id", "detail"),
    [("99999999999999999999", "「followup_id」不能大于2147483647。"), ("0", "「followup_id」不能小于1。")],
)
def test_ids_out_of_range_are_422(client, service, followup_id, detail):
    response = client.get(f"/api/v1/followups/{followup_id}", headers=service)
    assert response.status_code == 422
    assert response.json() == {"detail": detail, "code": "invalid_followup_id"}


def test_an_unexpected_failure_is_a_json_500_without_a_stack_trace():
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    response = TestClient(app, raise_server_exceptions=False).get("/boom")
    assert response.status_code == 500
    assert response.json() == {"detail": "系统开小差了，请稍后再试。", "code": "internal_error"}
