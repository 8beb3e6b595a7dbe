"""Claimants' reminder preferences, per conversation."""

from sqlalchemy.orm import Session

from api.models import ClaimantPreference, utcnow


def get(session: Session, conversation_id: str) -> ClaimantPreference | None:
    """The stored preference of a conversation, if it ever stated one."""
    return session.get(ClaimantPreference, conversation_id)


def opted_out(session: Session, conversation_id: str) -> bool:
    """Whether the conversation asked not to be reminded."""
    preference = get(session, conversation_id)
    return preference is not None and preference.opted_out_of_reminders


def set_opt_out(session: Session, conversation_id: str, opted_out_of_reminders: bool) -> ClaimantPreference:
    """Store whether the conversation wants reminders."""
    preference = get(session, conversation_id) or ClaimantPreference(conversation_id=conversation_id)
    preference.opted_out_of_reminders = opted_out_of_reminders
    preference.at = utcnow()
    session.add(preference)
    return preference
