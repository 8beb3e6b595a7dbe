"""Bodies for a claimant's reminder preference."""

from datetime import datetime

from api.schemas.common import Schema


class PreferenceOut(Schema):
    """Whether a conversation asked not to be reminded, and since when."""

    conversation_id: str
    opted_out_of_reminders: bool
    at: datetime | None
