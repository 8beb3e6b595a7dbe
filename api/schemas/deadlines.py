"""Request and response of the deadlines calculation."""

from datetime import datetime, timedelta
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from api.schemas.common import SHANGHAI

EARLIEST_YEAR = 2000
LATEST_YEAR = 2100
CLOCK_TOLERANCE = timedelta(minutes=10)


def in_shanghai(moment: datetime) -> datetime:
    """Read a naive time as Beijing time and express every time in Beijing time."""
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise PydanticCustomError("time_out_of_range", f"时间应在{EARLIEST_YEAR}年到{LATEST_YEAR}年之间。")
    return moment.replace(tzinfo=SHANGHAI) if moment.tzinfo is None else moment.astimezone(SHANGHAI)


BeijingTime = Annotated[datetime, AfterValidator(in_shanghai)]
Status = Literal["open", "overdue", "done", "not_applicable"]


class DeadlineFacts(BaseModel):
    """When the accident happened and what has been done since."""

    model_config = ConfigDict(extra="forbid")

    accident_time: BeijingTime = Field(
        title="事故时间", description="事故发生的时间，ISO格式，如 2024-03-15T10:30；不带时区的按北京时间。"
    )
    police_reported: bool = Field(False, title="是否已报警", description="是否已经报警（122）。")
    insurer_notified: bool = Field(False, title="是否已通知保险公司", description="是否已经通知保险公司（报案）。")
    insurer_knew_via_police_or_hospital: bool = Field(
        False,
        title="保险公司是否已知情",
        description="保险公司是否已经通过交警或医院知道这起事故。",
    )
    liability_report_received_at: BeijingTime | None = Field(
        None, title="收到认定书的时间", description="收到交通事故认定书的时间；还没收到的不填。"
    )

    @model_validator(mode="after")
    def _report_after_accident(self) -> "DeadlineFacts":
        received = self.liability_report_received_at
        if received is not None and received < self.accident_time:
            raise PydanticCustomError("report_before_accident", "收到认定书的时间不能早于事故时间。")
        return self


class DeadlineRequest(DeadlineFacts):
    """The facts plus the moment to measure from."""

    now: BeijingTime = Field(
        default_factory=lambda: datetime.now(SHANGHAI),
        title="当前时间",
        description="从哪个时间点计算剩余时间，不填为现在。",
    )

    @model_validator(mode="after")
    def _accident_in_past(self) -> "DeadlineRequest":
        if self.accident_time > self.now + CLOCK_TOLERANCE:
            raise PydanticCustomError("accident_in_future", "事故时间不能晚于当前时间。")
        return self


class Deadline(BaseModel):
    """One deadline and where the claimant stands with it."""

    code: str = Field(description="期限代码，如 insurer_notice_48h。")
    title: str = Field(description="期限名称。")
    due_at: datetime | None = Field(description="截止时间（北京时间）；不适用时为空。")
    remaining_hours: float | None = Field(description="距离截止还有多少小时，已过期为负数；不适用时为空。")
    status: Status = Field(description="open 未到期、overdue 已过期、done 已完成、not_applicable 不适用。")
    consequence: str = Field(description="错过期限会怎样。")
    legal_basis: str = Field(description="依据。")


class DeadlinesResponse(BaseModel):
    """The deadlines measured from one moment."""

    now: datetime = Field(description="计算所用的当前时间（北京时间）。")
    deadlines: list[Deadline] = Field(description="各项期限。")
