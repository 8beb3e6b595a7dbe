"""A new session: a returning claimant with a claim is greeted and offered its progress in one tap."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher


class ActionSessionStart(Action):
    """Rasa's session start (the slots carry over, domain.yml says so), with a welcome back when there is a claim."""

    def name(self) -> Text:
        """Rasa's session start action."""
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        """Start the session with the slots kept; offer the claim's progress to a claimant who has one."""
        kept = [SlotSet(name, value) for name, value in tracker.current_slot_values().items() if value is not None]
        claim_number = tracker.get_slot("claim_number")
        if claim_number:
            dispatcher.utter_message(response="utter_welcome_back", claim_number=claim_number)
        return [SessionStarted(), *kept, ActionExecuted("action_listen")]
