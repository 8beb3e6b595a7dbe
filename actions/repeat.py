"""“再说一遍” outside a form: the assistant's last answer again (inside a form, the form asks its question again).

What the last answer offered must still work after it is repeated: the rules that follow an offer up ("需要，现在报案")
look at the action that made it. So the answer's last action runs again, on the claimant's earlier message, and the
messages of the actions before it are sent again as they were.
"""

from typing import Any, Dict, List, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

# Besides the responses (utter_*), the actions that only answer the message they follow: safe to run again.
ANSWERING_ACTIONS = ("action_answer_faq",)


def last_answer(events: List[Dict[Text, Any]]) -> List[Tuple[Text, List[Dict[Text, Any]]]]:
    """The actions between the claimant's previous message and the latest one, each with the messages it sent."""
    user_turns = [index for index, event in enumerate(events) if event.get("event") == "user"]
    start = user_turns[-2] + 1 if len(user_turns) > 1 else 0
    actions: List[Tuple[Text, List[Dict[Text, Any]]]] = []
    for event in events[start : user_turns[-1] if user_turns else 0]:
        if event.get("event") == "action" and event.get("name") != "action_listen":
            actions.append((event["name"], []))
        elif event.get("event") == "bot" and actions:
            actions[-1][1].append(event)
    return actions


def runs_again(action: Text) -> bool:
    """Whether an action can run a second time with nothing changed but its message sent again."""
    return action.startswith("utter_") or action in ANSWERING_ACTIONS


class ActionRepeatLast(Action):
    """Repeats the last answer; with nothing said yet, what the assistant can do."""

    def name(self) -> Text:
        """The action the `repeat` rule runs."""
        return "action_repeat_last"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        """Send the earlier messages again, then run the answer's last action again in its own place."""
        answer = [(action, messages) for action, messages in last_answer(tracker.events) if messages]
        if not answer:
            dispatcher.utter_message(response="utter_capabilities")
            return []
        last_action = answer[-1][0]
        rerun = runs_again(last_action)
        for _, messages in answer[:-1] if rerun else answer:
            for message in messages:
                data = message.get("data") or {}
                dispatcher.utter_message(
                    text=message.get("text"), buttons=data.get("buttons") or [], json_message=data.get("custom")
                )
        return [UserUtteranceReverted(), FollowupAction(last_action)] if rerun else []
