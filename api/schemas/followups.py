"""Bodies for follow-ups, the durable schedule of proactive nudges."""

from datetime import datetime
from typing import Any

from pydantic import Field, computed_field

from api.domain.followup_rules import followup_entities
from api.models import Channel, FollowUpKind, FollowUpStatus
from api.schemas.common import ClaimNumber, ConversationId, JsonObject, Moment, Page, Schema


class FollowUpCreate(Schema):
    """Schedule a nudge to a conversation."""

    conversation_id: ConversationId
    channel: Channel
    kind: FollowUpKind
    due_at: Moment = Field(description="When to send it; a time without a zone is Beijing time.")
    claim_number: ClaimNumber | None = None
    payload: JsonObject = Field({}, description="What the bot needs to word the nudge, e.g. the missing materials.")


class FollowUpOut(Schema):
    """A scheduled nudge and how its delivery went."""

    id: int
    claim_number: str | None
    conversation_id: str
    channel: Channel
    kind: FollowUpKind
    due_at: datetime
    status: FollowUpStatus
    attempts: int
    last_error: str | None
    payload: dict[str, Any]
    locked_by: str | None
    locked_until: datetime | None
    delivered_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @computed_field(description="The entities of the EXTERNAL_followup intent that delivers this nudge.")
    @property
    def trigger_entities(self) -> dict[str, str]:
        return followup_entities(self.id, self.kind, self.claim_number, self.payload)


class FollowUpList(Page):
    """A page of follow-ups, soonest due first."""

    items: list[FollowUpOut]
