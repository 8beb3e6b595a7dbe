"""Errors the API returns: a Chinese message and a stable code, never a 500."""

import logging
import re
from typing import Any, get_args

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from pydantic_core.core_schema import ErrorType
from sqlalchemy.exc import OperationalError
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
    422: ("invalid_request", "提交的内容有误，请检查后再试。"),
    429: ("rate_limited", "请求太频繁了，请稍后再试。"),
    503: ("service_unavailable", "服务暂时不可用，请稍后再试。"),
}

# Seconds a client is told to wait when the database is busy or out of reach.
DATABASE_RETRY_AFTER_SECONDS = 10


class ErrorOut(BaseModel):
    """The body of every error response."""

    detail: str
    code: str


def error_responses(*status_codes: int) -> dict[int | str, dict[str, Any]]:
    """Document error statuses in OpenAPI with the shared error body."""
    return {status: {"model": ErrorOut, "description": _HTTP_ERRORS[status][1]} for status in status_codes}


_VALIDATION_MESSAGES = {
    "missing": "请填写{title}。",
    "string_too_short": "请填写{title}。",
    "string_too_long": "{title}最多{max_length}个字。",
    "too_long": "{title}最多{max_length}项。",
    "string_type": "{title}应为文字。",
    "string_unicode": "{title}含有无法识别的字符。",
    "int_parsing": "{title}应为整数。",
    "int_type": "{title}应为整数。",
    "int_from_float": "{title}应为整数。",
    "bool_parsing": "{title}应为 true 或 false。",
    "bool_type": "{title}应为 true 或 false。",
    "decimal_parsing": "{title}应为数字。",
    "decimal_type": "{title}应为数字。",
    "decimal_max_places": "{title}最多保留{decimal_places}位小数。",
    "finite_number": "{title}应为有限的数字。",
    "greater_than": "{title}应大于{gt}。",
    "greater_than_equal": "{title}不能小于{ge}。",
    "less_than": "{title}应小于{lt}。",
    "less_than_equal": "{title}不能大于{le}。",
    "enum": "{title}应为{expected}之一。",
    "literal_error": "{title}应为{expected}之一。",
    "date_parsing": "{title}应为日期，如 2024-03-15。",
    "date_from_datetime_parsing": "{title}应为日期，如 2024-03-15。",
    "date_from_datetime_inexact": "{title}应为日期，如 2024-03-15。",
    "date_type": "{title}应为日期，如 2024-03-15。",
    "datetime_parsing": "{title}应为时间，如 2024-03-15T10:30。",
    "datetime_from_date_parsing": "{title}应为时间，如 2024-03-15T10:30。",
    "datetime_type": "{title}应为时间，如 2024-03-15T10:30。",
    "dict_type": "{title}应为JSON对象。",
    "model_type": "{title}应为JSON对象。",
    "model_attributes_type": "{title}应为JSON对象。",
    "list_type": "{title}应为列表。",
    "extra_forbidden": "不认识的字段“{field}”，请检查拼写。",
    "json_invalid": "请求内容不是有效的JSON。",
    # Our validators raise ValueError with what is wrong in Chinese, such as "不能晚于现在".
    "value_error": "{title}{error}。",
}
_UNKNOWN_FORMAT = "{title}的格式不正确。"
_PYDANTIC_ERROR_TYPES = frozenset(get_args(ErrorType))


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model inside an annotation such as `list[Dependant] | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next((model for arg in get_args(annotation) if (model := _model_in(arg))), None)


def _field(request: Request, location: tuple) -> tuple[str | None, str]:
    """The name of the field an error location points at, and its Chinese title or else its quoted name."""
    body_field = getattr(request.scope.get("route"), "body_field", None)
    model = _model_in(body_field.field_info.annotation) if body_field and location[0] == "body" else None
    name, title = None, "请求内容"
    for part in location[1:]:
        if not isinstance(part, str):
            continue
        if model is None:
            name, title = part, f"「{part}」"
        elif part in model.model_fields:
            name, title = part, model.model_fields[part].title or f"「{part}」"
            model = _model_in(model.model_fields[part].annotation)
    return name, title


def _describe(request: Request, error: dict[str, Any]) -> tuple[str, str]:
    """The stable code and the Chinese message for one validation error."""
    if error["type"] not in _PYDANTIC_ERROR_TYPES:
        # Our models raise PydanticCustomError with a whole Chinese sentence and their own code.
        return error["type"], error["msg"]
    name, title = _field(request, tuple(error["loc"]))
    context = {**error.get("ctx", {}), "title": title, "field": error["loc"][-1]}
    if "expected" in context:
        context["expected"] = "、".join(choice.strip("'") for choice in re.split(", | or ", context["expected"]))
    message = _VALIDATION_MESSAGES.get(error["type"], _UNKNOWN_FORMAT).format_map(context)
    return ("invalid_json" if error["type"] == "json_invalid" else f"invalid_{name or 'request'}"), message


def _body(code: str, detail: str) -> dict[str, str]:
    return {"detail": detail, "code": code}


async def _api_error_handler(_: Request, error: ApiError) -> JSONResponse:
    return JSONResponse(status_code=error.status_code, content=_body(error.code, error.detail), headers=error.headers)


async def _validation_error_handler(request: Request, error: RequestValidationError) -> JSONResponse:
    code, detail = _describe(request, error.errors()[0])
    return JSONResponse(status_code=422, content=_body(code, detail))


async def _http_error_handler(_: Request, error: StarletteHTTPException) -> JSONResponse:
    code, detail = _HTTP_ERRORS.get(error.status_code, ("http_error", "请求没有成功，请稍后再试。"))
    return JSONResponse(status_code=error.status_code, content=_body(code, detail), headers=error.headers)


async def _database_unavailable_handler(request: Request, error: OperationalError) -> JSONResponse:
    # The database stayed locked or unreachable beyond the configured wait: the request may well succeed later.
    logger.warning("Database unavailable on %s %s: %s", request.method, request.url.path, error.orig)
    code, detail = _HTTP_ERRORS[503]
    return JSONResponse(
        status_code=503, content=_body(code, detail), headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)}
    )


async def _unexpected_error_handler(request: Request, error: Exception) -> JSONResponse:
    logger.exception("Unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return JSONResponse(status_code=500, content=_body("internal_error", "系统开小差了，请稍后再试。"))


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that turn our errors into JSON bodies."""
    app.add_exception_handler(ApiError, _api_error_handler)
    app.add_exception_handler(RequestValidationError, _validation_error_handler)
    app.add_exception_handler(StarletteHTTPException, _http_error_handler)
    app.add_exception_handler(OperationalError, _database_unavailable_handler)
    app.add_exception_handler(Exception, _unexpected_error_handler)
