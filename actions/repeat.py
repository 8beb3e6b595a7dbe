"""“再说一遍” outside a form: the assistant's last answer again, exactly as it was sent (inside a form, the form asks
its question again)."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher


def last_answer(events: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """The bot messages between the claimant's previous message and the latest one."""
    user_turns = [index for index, event in enumerate(events) if event.get("event") == "user"]
    if not user_turns:
        return []
    start = user_turns[-2] + 1 if len(user_turns) > 1 else 0
    return [event for event in events[start : user_turns[-1]] if event.get("event") == "bot"]


class ActionRepeatLast(Action):
    """Sends the last answer again, with its buttons; with nothing said yet, what the assistant can do."""

    def name(self) -> Text:
        """The action the `repeat` rule runs."""
        return "action_repeat_last"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        """Re-send each message of the last answer."""
        messages = last_answer(tracker.events)
        if not messages:
            dispatcher.utter_message(response="utter_capabilities")
        for message in messages:
            data = message.get("data") or {}
            dispatcher.utter_message(
                text=message.get("text"), buttons=data.get("buttons") or [], json_message=data.get("custom")
            )
        return []
