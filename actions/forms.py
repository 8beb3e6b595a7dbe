"""Shared form machinery: one question per slot, and checkers that accept an answer or re-ask kindly."""

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Sequence, Text, Tuple, Type

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.digressions import CHECK_ANSWERS
from text_rules.answers import clean_answer, is_question, yes_or_no

# Plain-text payloads (contract C4), so a tapped button and a typed answer are read the same way.
YES_NO_BUTTONS = [{"title": "是", "payload": "是"}, {"title": "否", "payload": "否"}]


@dataclass(frozen=True)
class Check:
    """A checker's verdict: the value to keep (None rejects the answer) and what to tell the claimant."""

    value: Any
    reply: Optional[str] = None


Checker = Callable[[Any, Tracker], Check]


def latest_intent(tracker: Tracker) -> Optional[str]:
    """The intent of the claimant's latest message."""
    return (tracker.latest_message or {}).get("intent", {}).get("name")


def latest_text(tracker: Tracker) -> str:
    """The text of the claimant's latest message."""
    return ((tracker.latest_message or {}).get("text") or "").strip()


def digression_response(tracker: Tracker) -> Optional[str]:
    """The answer to the latest message when it is a question of its own rather than an answer."""
    message = tracker.latest_message or {}
    # Long free answers are taken whatever their intent (a description often reads like an FAQ to the classifier);
    # only an answer that reads like a question is answered as one, then the form asks again.
    if not is_question(message.get("text") or ""):
        return None
    intent = message.get("intent", {}).get("name")
    if intent == "faq":
        sub_intent = message.get("response_selector", {}).get("faq", {}).get("response", {}).get("intent_response_key")
        return f"utter_{sub_intent}" if sub_intent else None
    return CHECK_ANSWERS.get(intent or "")


def parse_yes_no(text: str, intent: Optional[str]) -> Optional[bool]:
    """Read a yes/no answer from the intent, else from plain words; None when it is neither."""
    if intent in ("affirm", "deny"):
        return intent == "affirm"
    return yes_or_no(text)


def yes_no(reask: str) -> Checker:
    """A checker for yes/no questions that re-asks with `reask` when the answer is neither."""

    def check(value: Any, tracker: Tracker) -> Check:
        if isinstance(value, bool):
            return Check(value)
        answer = parse_yes_no(str(value), latest_intent(tracker))
        return Check(answer, None if answer is not None else reask)

    return check


def free_text(max_length: int, reask: str) -> Checker:
    """A checker for short free answers (names, places, descriptions)."""

    def check(value: Any, tracker: Tracker) -> Check:
        answer = clean_answer(str(value))
        if 0 < len(answer) <= max_length:
            return Check(answer)
        return Check(None, reask)

    return check


def pattern(expected: "re.Pattern[str]", reask: str, normalise: Callable[[str], str] = str.upper) -> Checker:
    """A checker for formatted values (plates, phones, claim numbers) that explains the format when it is wrong."""

    def check(value: Any, tracker: Tracker) -> Check:
        answer = normalise(re.sub(r"[\s·•.\-]", "", clean_answer(str(value))))
        if expected.match(answer):
            return Check(answer)
        return Check(None, reask)

    return check


class SlotFormValidator(FormValidationAction, ABC):
    """Validates a form's answers with a table of checkers and skips questions that do not apply."""

    checkers: Dict[str, Checker] = {}

    @abstractmethod
    def name(self) -> Text:
        """The validation action's name (validate_<form>)."""

    def skipped_slots(self, tracker: Tracker) -> Sequence[str]:
        """Questions that do not apply given the answers so far."""
        return ()

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        """The form's slots minus those that do not apply."""
        skipped = set(self.skipped_slots(tracker))
        return [slot for slot in domain_slots if slot not in skipped]

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        """Run each new answer through its checker; a rejected answer is cleared and re-asked."""
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        events: List[EventType] = []
        digression = digression_response(tracker)
        for slot, value in tracker.slots_to_validate().items():
            if slot not in required or slot not in self.checkers:
                continue
            if digression and str(value).strip() == latest_text(tracker):
                dispatcher.utter_message(response=digression)
                check = Check(None)
            else:
                check = self.checkers[slot](value, tracker)
            if check.reply:
                dispatcher.utter_message(text=check.reply)
            tracker.slots[slot] = check.value
            events.append(SlotSet(slot, check.value))
        events.extend(self.derived_events(tracker))
        return events

    def derived_events(self, tracker: Tracker) -> List[EventType]:
        """Slots that follow from the answers (e.g. a skipped question's implied value)."""
        return []


class SlotQuestion(Action, ABC):
    """Asks for one slot; forms run action_ask_<slot> for the slot they need next."""

    slot: str = ""
    text: str = ""
    buttons: Sequence[Dict[str, str]] = ()

    @abstractmethod
    def name(self) -> Text:
        """action_ask_<slot>."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        """Ask the question, with yes/no buttons where they help."""
        dispatcher.utter_message(text=self.text, buttons=list(self.buttons))
        return []


def questions(table: Sequence[Tuple[str, str, bool]]) -> List[Type[SlotQuestion]]:
    """One ask action per (slot, question, yes/no) row, so the questions live next to their checkers."""
    return [
        type(
            f"Ask_{slot}",
            (SlotQuestion,),
            {
                "slot": slot,
                "text": text,
                "buttons": YES_NO_BUTTONS if with_buttons else (),
                "name": lambda self: f"action_ask_{self.slot}",
                "__module__": __name__,
            },
        )
        for slot, text, with_buttons in table
    ]
