"""Bodies for claims: the report, changes to it, its status, and the claimant's own view."""

import re
from datetime import datetime, timedelta, timezone
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints, computed_field

from api.domain.claim_status import STATUS_LABELS
from api.domain.materials import CaseFacts
from api.models import Channel, ClaimStatus
from api.schemas.common import ConversationId, Moment, Page, Schema, Text
from api.schemas.injured_parties import InjuredPartyCreate, InjuredPartyOut


def normalise_phone(value: str) -> str:
    """Keep a phone number's digits, dropping separators and mainland China's +86 prefix."""
    digits = re.sub(r"[\s()-]", "", value)
    digits = re.sub(r"^(\+86|0086|86)(?=1[0-9]{10}$)", "", digits)
    if not re.fullmatch(r"[0-9]{7,15}", digits):
        raise ValueError("需要是有效的电话号码")
    return digits


def _not_in_future(value: datetime) -> datetime:
    # A few minutes of grace for clocks that run fast.
    if value > datetime.now(timezone.utc) + timedelta(minutes=10):
        raise ValueError("不能晚于现在")
    return value


Phone = Annotated[str, StringConstraints(max_length=30), AfterValidator(normalise_phone)]
AccidentTime = Annotated[
    Moment,
    AfterValidator(_not_in_future),
    Field(description="出险时间; a time without a zone is Beijing time."),
]


class ClaimCreate(Schema):
    """An accident report (报案), as the bot or an agent took it down."""

    accident_time: AccidentTime
    accident_place: Text(200, min_length=1)
    plate_number: Text(20) | None = None
    driver_name: Text(50) | None = None
    reporter_name: Text(50, min_length=1)
    reporter_phone: Phone
    description: Text(2000) | None = Field(None, description="事故经过 in the reporter's words.")
    police_reported: bool = False
    insurer_notified: bool = False
    has_injuries: bool = False
    injured_taken_to_hospital: bool = False
    hospital: Text(100) | None = None
    vehicle_damage: Text(500) | None = None
    channel: Channel = Channel.rest
    conversation_id: ConversationId | None = None
    facts: CaseFacts = Field(
        CaseFacts(),
        description="What the claimant told us about the case; it chooses the materials checklist. "
        "Hospitalised, disability-graded or fatal injured parties switch on inpatient, disability and death.",
    )
    injured_parties: list[InjuredPartyCreate] = Field([], max_length=20)
    report_id: Text(64, min_length=1) | None = Field(
        None,
        description="The reporting client's key for this report: a report whose key is already recorded returns "
        "that claim (200) instead of a second one, so a client may safely send a report again.",
    )


class ClaimUpdate(Schema):
    """Corrections to a report; fields left out stay as they are, and new facts rebuild the checklist."""

    accident_time: AccidentTime = None
    accident_place: Text(200, min_length=1) = None
    plate_number: Text(20) | None = None
    driver_name: Text(50) | None = None
    reporter_name: Text(50, min_length=1) = None
    reporter_phone: Phone = None
    description: Text(2000) | None = None
    police_reported: bool = None
    insurer_notified: bool = None
    has_injuries: bool = None
    injured_taken_to_hospital: bool = None
    hospital: Text(100) | None = None
    vehicle_damage: Text(500) | None = None
    conversation_id: ConversationId | None = None
    facts: CaseFacts = None


class StatusChangeIn(Schema):
    """Move a claim to another status, with a note for the record."""

    status: ClaimStatus
    note: Text(500) | None = None


class StatusChangeOut(Schema):
    """One step in a claim's status history."""

    from_status: ClaimStatus | None
    to_status: ClaimStatus
    changed_by: str
    note: str | None
    at: datetime


class ClaimOut(Schema):
    """A claim as recorded."""

    claim_number: str = Field(examples=["RPT20261123000001"])
    accident_time: datetime
    accident_place: str
    plate_number: str | None
    driver_name: str | None
    reporter_name: str
    reporter_phone: str
    description: str | None
    police_reported: bool
    insurer_notified: bool
    has_injuries: bool
    injured_taken_to_hospital: bool
    hospital: str | None
    vehicle_damage: str | None
    status: ClaimStatus
    channel: Channel
    conversation_id: str | None
    report_id: str | None
    facts: CaseFacts
    injured_parties: list[InjuredPartyOut]
    status_history: list[StatusChangeOut]
    created_at: datetime
    updated_at: datetime

    @computed_field(description="The status as the agent console shows it (api/domain/claim_status.py).")
    @property
    def status_label(self) -> str:
        """The status in words."""
        return STATUS_LABELS[self.status]


class ClaimList(Page):
    """A page of claims, newest first."""

    items: list[ClaimOut]


class VerifyIn(Schema):
    """The claimant proves the claim is theirs with the reporter's phone number."""

    phone: Text(30, min_length=4) = Field(description="The full phone number or its last 4 digits.")


class MissingMaterial(Schema):
    """A paper the claimant still has to hand in."""

    code: str
    name: str
    note: str


class ClaimantView(Schema):
    """What a verified claimant may see of their claim."""

    claim_number: str
    status: ClaimStatus
    status_label: str
    last_update: datetime
    missing_materials: list[MissingMaterial]
    next_step: str
