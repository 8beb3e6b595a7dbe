"""Reminder preferences: a claimant who asks for no more reminders is recorded as opted out in the claims API."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.clients.claims_api import ClaimNotFound, ClaimsApiClient, ClaimsApiRejected, ClaimsApiUnavailable
from actions.conversation import conversation_id_of


async def record_opt_out(conversation_id: str) -> bool:
    """Whether the claims API recorded the opt-out."""
    try:
        await ClaimsApiClient().opt_out_of_reminders(conversation_id)
    except (ClaimsApiUnavailable, ClaimsApiRejected, ClaimNotFound):
        return False
    return True


class ActionStopReminders(Action):
    """Records the opt-out (the API also cancels the reminders already scheduled) and confirms it."""

    def name(self) -> Text:
        """The action's name in the domain."""
        return "action_stop_reminders"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        """Confirm only what the API recorded; otherwise say how to try again."""
        conversation_id = conversation_id_of(tracker)
        if conversation_id and await record_opt_out(conversation_id):
            dispatcher.utter_message(response="utter_reminders_stopped")
        else:
            dispatcher.utter_message(response="utter_opt_out_failed")
        return []
