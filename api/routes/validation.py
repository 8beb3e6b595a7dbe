"""Turn request validation errors into the API's error shape: one Chinese message and a stable code."""

import re
from collections.abc import Callable, Coroutine
from typing import Any, get_args

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel
from pydantic_core.core_schema import ErrorType

from api.core.errors import ApiError

BUILTIN_ERROR_TYPES = frozenset(get_args(ErrorType))

MESSAGES = {
    "missing": "请填写{title}。",
    "greater_than_equal": "{title}不能小于{ge}。",
    "greater_than": "{title}应大于{gt}。",
    "less_than_equal": "{title}不能大于{le}。",
    "less_than": "{title}应小于{lt}。",
    "decimal_max_places": "{title}最多保留{decimal_places}位小数。",
    "decimal_parsing": "{title}应为数字。",
    "decimal_type": "{title}应为数字。",
    "finite_number": "{title}应为有限的数字。",
    "int_parsing": "{title}应为整数。",
    "int_type": "{title}应为整数。",
    "int_from_float": "{title}应为整数。",
    "bool_parsing": "{title}应为 true 或 false。",
    "bool_type": "{title}应为 true 或 false。",
    "string_type": "{title}应为文字。",
    "string_too_short": "请填写{title}。",
    "string_too_long": "{title}最多{max_length}个字。",
    "too_long": "{title}最多{max_length}项。",
    "list_type": "{title}应为列表。",
    "literal_error": "{title}应为{expected}之一。",
    "date_parsing": "{title}应为日期，如 2024-03-15。",
    "date_from_datetime_parsing": "{title}应为日期，如 2024-03-15。",
    "date_from_datetime_inexact": "{title}应为日期，如 2024-03-15。",
    "date_type": "{title}应为日期，如 2024-03-15。",
    "datetime_parsing": "{title}应为时间，如 2024-03-15T10:30。",
    "datetime_from_date_parsing": "{title}应为时间，如 2024-03-15T10:30。",
    "datetime_type": "{title}应为时间，如 2024-03-15T10:30。",
    "extra_forbidden": "不认识的字段“{field}”，请检查拼写。",
    "model_attributes_type": "{title}应为JSON对象。",
    "model_type": "{title}应为JSON对象。",
    "dict_type": "{title}应为JSON对象。",
    "json_invalid": "请求内容不是有效的JSON。",
}
FALLBACK = "{title}的格式不正确。"
REQUEST_TITLE = "请求内容"


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside an annotation such as `list[Dependant] | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next((model for arg in get_args(annotation) if (model := _nested_model(arg))), None)


def _title_and_field(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> tuple[str, str | None]:
    """Follow the error location through the models to the Chinese title and the name of the field."""
    title, field_name = REQUEST_TITLE, None
    for part in loc[1:]:
        if model is None or not isinstance(part, str) or part not in model.model_fields:
            continue
        field = model.model_fields[part]
        title, field_name = field.title or part, part
        model = _nested_model(field.annotation)
    return title, field_name


def describe_validation_error(error: dict[str, Any], body_model: type[BaseModel] | None) -> tuple[str, str]:
    """The stable code and the Chinese message for one pydantic or FastAPI validation error."""
    if error["type"] not in BUILTIN_ERROR_TYPES:
        return error["type"], error["msg"]
    title, field_name = _title_and_field(body_model, tuple(error["loc"]))
    context = {**error.get("ctx", {}), "title": title, "field": error["loc"][-1]}
    if "expected" in context:
        context["expected"] = "、".join(choice.strip("'") for choice in re.split(", | or ", context["expected"]))
    message = MESSAGES.get(error["type"], FALLBACK).format_map(context)
    code = "invalid_json" if error["type"] == "json_invalid" else f"invalid_{field_name or 'request'}"
    return code, message


class ChineseValidationRoute(APIRoute):
    """A route whose validation errors become ApiError(422) with a Chinese message."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        body_model = _nested_model(self.body_field.field_info.annotation) if self.body_field else None

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as error:
                code, message = describe_validation_error(error.errors()[0], body_model)
                raise ApiError(422, code, message) from error

        return handle
