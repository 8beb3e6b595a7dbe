"""Errors the API returns: a Chinese message and a stable code, never a 500."""

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger(__name__)


class ApiError(Exception):
    """An error with an HTTP status, a stable machine code and a Chinese message."""

    def __init__(self, status_code: int, code: str, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status_code = status_code
        self.code = code
        self.detail = detail
        self.headers = headers


_HTTP_ERRORS = {
    400: ("bad_request", "请求有误，请检查后再试。"),
    401: ("not_authenticated", "请先登录或提供有效的服务密钥。"),
    403: ("forbidden", "您没有权限进行这个操作。"),
    404: ("not_found", "没有找到您要的内容。"),
    405: ("method_not_allowed", "不支持这种请求方式。"),
    409: ("conflict", "当前状态下不能进行这个操作。"),
    422: ("validation_error", "提交的内容有误，请检查后再试。"),
    503: ("service_unavailable", "服务暂时不可用，请稍后再试。"),
}


class ErrorOut(BaseModel):
    """The body of every error response."""

    detail: str
    code: str


def error_responses(*status_codes: int) -> dict[int | str, dict[str, Any]]:
    """Document error statuses in OpenAPI with the shared error body."""
    return {status: {"model": ErrorOut, "description": _HTTP_ERRORS[status][1]} for status in status_codes}


_VALIDATION_MESSAGES = {
    "missing": "是必填项",
    "string_too_short": "不能为空",
    "string_too_long": "太长了，最多 {max_length} 个字",
    "too_long": "条目太多了，最多 {max_length} 条",
    "string_pattern_mismatch": "格式不正确",
    "string_type": "需要是文字",
    "string_unicode": "含有无法识别的字符",
    "int_parsing": "需要是整数",
    "int_type": "需要是整数",
    "int_from_float": "需要是整数",
    "bool_parsing": "需要是 true 或 false",
    "bool_type": "需要是 true 或 false",
    "decimal_parsing": "需要是数字",
    "decimal_type": "需要是数字",
    "decimal_max_places": "最多保留 {decimal_places} 位小数",
    "decimal_max_digits": "数字太大了",
    "greater_than": "需要大于 {gt}",
    "greater_than_equal": "不能小于 {ge}",
    "less_than": "需要小于 {lt}",
    "less_than_equal": "不能大于 {le}",
    "enum": "只能是以下之一：{expected}",
    "literal_error": "只能是以下之一：{expected}",
    "datetime_parsing": "需要是日期时间，例如 2026-11-23T08:30:00+08:00",
    "datetime_from_date_parsing": "需要是日期时间，例如 2026-11-23T08:30:00+08:00",
    "datetime_type": "需要是日期时间，例如 2026-11-23T08:30:00+08:00",
    "date_parsing": "需要是日期，例如 2026-11-23",
    "dict_type": "需要是一个对象",
    "list_type": "需要是一个列表",
    "model_attributes_type": "需要是一个 JSON 对象",
    "extra_forbidden": "是不认识的字段",
}


def _field_name(location: tuple) -> str:
    parts = [str(part) for part in location if part not in ("body", "query", "path", "header", "cookie")]
    return ".".join(parts) or "请求内容"


def _describe(error: dict) -> str:
    """One validation error in plain Chinese, naming the field."""
    if error["type"] == "json_invalid":
        return "请求内容不是有效的 JSON"
    field = _field_name(tuple(error.get("loc", ())))
    template = _VALIDATION_MESSAGES.get(error["type"])
    if template is None:
        # Our own validators raise ValueError with a Chinese message; pydantic prefixes it.
        message = str(error.get("msg", "")).removeprefix("Value error, ")
        return f"「{field}」{message}" if error["type"] == "value_error" else f"「{field}」格式不正确"
    context = dict(error.get("ctx") or {})
    if "expected" in context:
        context["expected"] = "、".join(choice.strip("'") for choice in re.split(", | or ", context["expected"]))
    try:
        message = template.format(**context)
    except (KeyError, IndexError):
        message = "格式不正确"
    return f"「{field}」{message}"


def _body(code: str, detail: str) -> dict[str, str]:
    return {"detail": detail, "code": code}


async def _api_error_handler(_: Request, error: ApiError) -> JSONResponse:
    return JSONResponse(status_code=error.status_code, content=_body(error.code, error.detail), headers=error.headers)


async def _validation_error_handler(_: Request, error: RequestValidationError) -> JSONResponse:
    descriptions = list(dict.fromkeys(_describe(item) for item in error.errors()))
    detail = "提交的内容有误：" + "；".join(descriptions[:3]) + "。"
    return JSONResponse(status_code=422, content=_body("validation_error", detail))


async def _http_error_handler(_: Request, error: StarletteHTTPException) -> JSONResponse:
    code, detail = _HTTP_ERRORS.get(error.status_code, ("http_error", "请求没有成功，请稍后再试。"))
    return JSONResponse(status_code=error.status_code, content=_body(code, detail), headers=error.headers)


async def _unexpected_error_handler(request: Request, error: Exception) -> JSONResponse:
    logger.exception("Unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return JSONResponse(status_code=500, content=_body("internal_error", "系统开小差了，请稍后再试。"))


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that turn our errors into JSON bodies."""
    app.add_exception_handler(ApiError, _api_error_handler)
    app.add_exception_handler(RequestValidationError, _validation_error_handler)
    app.add_exception_handler(StarletteHTTPException, _http_error_handler)
    app.add_exception_handler(Exception, _unexpected_error_handler)
