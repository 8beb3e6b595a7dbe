"""Bodies of the agents' co-pilot: what the caller said, the intake sheet, suggestions, and the relay to a claimant."""

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field

from api.domain.intake import FIELD_LABELS
from api.schemas.claims import Phone
from api.schemas.common import SHANGHAI, ConversationId, Moment, Schema, Text

BeijingMoment = Annotated[Moment, AfterValidator(lambda value: value.astimezone(SHANGHAI))]


class Intake(Schema):
    """The intake sheet (接听电话记录表); fields not known yet are null."""

    accident_time: BeijingMoment | None = Field(None, title=FIELD_LABELS["accident_time"])
    accident_place: Text(200, min_length=1) | None = Field(None, title=FIELD_LABELS["accident_place"])
    driver_name: Text(50, min_length=1) | None = Field(None, title=FIELD_LABELS["driver_name"])
    plate_number: Text(20, min_length=1) | None = Field(None, title=FIELD_LABELS["plate_number"])
    description: Text(1000, min_length=1) | None = Field(None, title=FIELD_LABELS["description"])
    police_reported: bool | None = Field(None, title=FIELD_LABELS["police_reported"])
    injuries: Text(1000, min_length=1) | None = Field(None, title=FIELD_LABELS["injuries"])
    hospital: Text(100, min_length=1) | None = Field(None, title=FIELD_LABELS["hospital"])
    vehicle_damage: Text(500, min_length=1) | None = Field(None, title=FIELD_LABELS["vehicle_damage"])
    reporter_name: Text(50, min_length=1) | None = Field(None, title=FIELD_LABELS["reporter_name"])
    contact_phone: Phone | None = Field(None, title=FIELD_LABELS["contact_phone"])


class AnalyseIn(Schema):
    """What the caller just said, and the sheet so far."""

    text: Text(1000, min_length=1) = Field(title="来电内容")
    intake: Intake = Field(Intake(), title="报案记录")


class IntentOut(Schema):
    """The intent the NLU recognised."""

    name: str | None
    confidence: float


class EntityOut(Schema):
    """One entity the NLU found, with its normalised value."""

    entity: str
    value: Any
    start: int | None = None
    end: int | None = None


class MissingField(Schema):
    """A field of the sheet that is still empty."""

    field: str
    label: str


class Suggestion(Schema):
    """A reply the agent may read out: a standard script, the next question, or the assistant's FAQ answer."""

    kind: Literal["script", "question", "faq"]
    text: str
    source: str


class RuleOut(Schema):
    """A rule to keep in mind, with its source."""

    note: str
    source: str


class AnalyseOut(Schema):
    """The co-pilot's reading of the caller's words."""

    text: str = Field(description="The text as the NLU normalised it (simplified, half-width).")
    intent: IntentOut
    faq_topic: str | None
    entities: list[EntityOut]
    intake: Intake
    missing: list[MissingField]
    suggestions: list[Suggestion]
    rules: list[RuleOut]


class IntakeClaimIn(Schema):
    """Create a claim from the sheet; the conversation links it to a chat when the agent took one over."""

    intake: Intake = Field(title="报案记录")
    conversation_id: ConversationId | None = None


class RelayIn(Schema):
    """The agent's message to the claimant."""

    text: Text(1000, min_length=1) = Field(title="回复内容")


class HandBackIn(Schema):
    """How the agent leaves the conversation to the bot."""

    note: Text(1000) | None = Field(None, title="备注")


class ConversationTurn(Schema):
    """One message of the live conversation, from Rasa's tracker."""

    sender: Literal["user", "bot", "agent"]
    text: str
    at: datetime | None


class ConversationOut(Schema):
    """The conversation behind a ticket as it stands now, including what was said after the handoff."""

    conversation_id: str
    paused: bool
    turns: list[ConversationTurn]
