"""Reminder preferences: a claimant who asks for no more reminders is recorded as opted out in the claims API."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.clients.claims_api import ClaimNotFound, ClaimsApiClient, ClaimsApiRejected, ClaimsApiUnavailable
from actions.conversation import conversation_id_of

STOPPED = "好的，以后不再主动给您发提醒了。您想继续了解进度时，随时来问我就行。"
OPT_OUT_FAILED = (
    "抱歉，系统暂时连不上，这次没能帮您关掉提醒。请过一会儿再说一次“别再提醒我了”，或者说“转人工”，请理赔员帮您关掉。"
)


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
            dispatcher.utter_message(text=STOPPED)
        else:
            dispatcher.utter_message(text=OPT_OUT_FAILED)
        return []
