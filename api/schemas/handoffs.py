"""Bodies for handing a conversation from the bot to a human agent."""

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from api.models import Channel, HandoffReason, HandoffStatus
from api.schemas.common import ClaimNumber, ConversationId, JsonObject, Moment, Page, Schema, Text


class TranscriptTurn(Schema):
    """One message of the conversation so far."""

    sender: Literal["user", "bot", "agent"]
    text: Text(2000)
    at: Moment | None = None


class HandoffCreate(Schema):
    """The bot asks for a human, with what it knows so far."""

    conversation_id: ConversationId
    channel: Channel
    reason: HandoffReason
    summary: Text(2000, min_length=1)
    claim_number: ClaimNumber | None = None
    facts: JsonObject = Field({}, description="The slots the bot filled, for the agent to read at a glance.")
    transcript: list[TranscriptTurn] = Field([], max_length=200)


class HandoffClose(Schema):
    """How the agent left the conversation."""

    note: Text(1000) | None = None


class HandoffOut(Schema):
    """A handoff ticket."""

    id: int
    conversation_id: str
    channel: Channel
    claim_number: str | None
    reason: HandoffReason
    summary: str
    facts: dict[str, Any]
    transcript: list[TranscriptTurn]
    status: HandoffStatus
    agent: str | None
    close_note: str | None
    created_at: datetime
    taken_at: datetime | None
    closed_at: datetime | None
    updated_at: datetime


class HandoffList(Page):
    """A page of handoff tickets, oldest first so that nobody waits longest."""

    items: list[HandoffOut]
