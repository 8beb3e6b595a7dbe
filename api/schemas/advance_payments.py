"""Bodies for advance-payment (垫付) requests."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from api.models import AdvancePaymentStatus
from api.schemas.common import RecordId, Schema, Text

CENT = Decimal("0.01")
Amount = Annotated[
    Decimal,
    Field(gt=0, le=10_000_000, decimal_places=2, description="元, at most 2 decimals."),
    AfterValidator(lambda amount: amount.quantize(CENT)),
]


class AdvancePaymentCreate(Schema):
    """A request that the insurer advance treatment costs to a hospital."""

    injured_party_id: RecordId | None = None
    hospital: Text(100, min_length=1)
    amount_requested: Amount
    reason: Text(1000) | None = None
    police_notice: bool = Field(False, description="Whether the traffic police issued a 垫付通知书.")


class AdvancePaymentDecision(Schema):
    """An agent's decision on a request."""

    status: Literal["under_review", "approved", "rejected", "paid"]
    decision_note: Text(1000) | None = None


class AdvancePaymentOut(Schema):
    """An advance-payment request as recorded."""

    id: int
    claim_number: str
    injured_party_id: int | None
    hospital: str
    amount_requested: Decimal
    reason: str | None
    police_notice: bool
    status: AdvancePaymentStatus
    decided_by: str | None
    decision_note: str | None
    decided_at: datetime | None
    created_at: datetime
    updated_at: datetime
