"""Field types shared by the resource schemas: bounded text, local times, identifiers."""

import json
from datetime import datetime, timezone
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

SHANGHAI = ZoneInfo("Asia/Shanghai")
MAX_JSON_CHARS = 20_000
MAX_ID = 2**31 - 1


def _storable_text(value: str) -> str:
    # Both databases refuse NUL characters and lone surrogates, which JSON can still carry.
    if "\x00" in value:
        raise ValueError("含有无法保存的字符")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("含有无法识别的字符") from None
    return value


def Text(max_length: int, min_length: int = 0) -> Any:
    """A trimmed string of bounded length that both databases can store."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length),
        AfterValidator(_storable_text),
    ]


def _as_utc(value: datetime) -> datetime:
    # Claimants and the bot speak Beijing time: a time without a zone is taken as Asia/Shanghai.
    if value.tzinfo is None:
        value = value.replace(tzinfo=SHANGHAI)
    if not 2000 <= value.year <= 2100:
        raise ValueError("需要在 2000 年到 2100 年之间")
    return value.astimezone(timezone.utc)


def _storable_json(value: Any) -> Any:
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    except ValueError:
        raise ValueError("含有无法保存的数字") from None
    if len(text) > MAX_JSON_CHARS:
        raise ValueError(f"内容太多了，最多 {MAX_JSON_CHARS} 个字符")
    # json.dumps escapes NUL as \u0000; refuse it here as in text, so the data also fits jsonb and text columns.
    _storable_text(text.replace("\\u0000", "\x00"))
    return value


Password = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(_storable_text)]
Moment = Annotated[datetime, AfterValidator(_as_utc)]
JsonObject = Annotated[dict[str, Any], AfterValidator(_storable_json)]
JsonList = Annotated[list[Any], AfterValidator(_storable_json)]
ClaimNumber = Annotated[str, StringConstraints(pattern=r"^RPT\d{14}$")]
ConversationId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.:@-]{1,128}$")]
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]
Limit = Annotated[int, Field(ge=1, le=100, description="How many items to return.")]
Offset = Annotated[int, Field(ge=0, le=MAX_ID, description="How many items to skip.")]


class Schema(BaseModel):
    """Base of request and response bodies: unknown fields are refused, ORM objects are readable."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)


class Page(Schema):
    """A slice of a list and the size of the whole list."""

    total: int
