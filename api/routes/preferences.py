"""Claimants' reminder preferences."""

from fastapi import APIRouter
from sqlalchemy.orm import Session

from api.core.db import SessionDep
from api.core.errors import error_responses
from api.core.security import Principal, ServiceOrAgent
from api.crud import audit, followups, preferences
from api.schemas.common import ConversationId
from api.schemas.preferences import PreferenceOut

router = APIRouter(prefix="/preferences", tags=["preferences"], responses=error_responses(401))


@router.get("/{conversation_id}")
def read_preference(conversation_id: ConversationId, session: SessionDep, caller: ServiceOrAgent) -> PreferenceOut:
    """Say whether a conversation asked not to be reminded; one that never said is reminded."""
    preference = preferences.get(session, conversation_id)
    audit.record(session, caller, "read", "preference", conversation_id)
    if preference is None:
        return PreferenceOut(conversation_id=conversation_id, opted_out_of_reminders=False, at=None)
    return PreferenceOut.model_validate(preference)


@router.post("/{conversation_id}/opt-out")
def opt_out(conversation_id: ConversationId, session: SessionDep, caller: ServiceOrAgent) -> PreferenceOut:
    """Stop reminders to a conversation and cancel the ones already scheduled."""
    return _set(session, caller, conversation_id, opted_out_of_reminders=True)


@router.post("/{conversation_id}/opt-in")
def opt_in(conversation_id: ConversationId, session: SessionDep, caller: ServiceOrAgent) -> PreferenceOut:
    """Let reminders reach a conversation again."""
    return _set(session, caller, conversation_id, opted_out_of_reminders=False)


def _set(session: Session, caller: Principal, conversation_id: str, opted_out_of_reminders: bool) -> PreferenceOut:
    preference = preferences.set_opt_out(session, conversation_id, opted_out_of_reminders)
    cancelled = followups.cancel_reminders(session, conversation_id) if opted_out_of_reminders else 0
    action = "opt_out" if opted_out_of_reminders else "opt_in"
    audit.record(session, caller, action, "preference", conversation_id, {"cancelled_followups": cancelled})
    return PreferenceOut.model_validate(preference)
