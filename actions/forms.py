"""Shared form machinery: one question per slot, and checkers that accept an answer or re-ask kindly."""

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence, Text, Tuple, Type

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.digressions import CHECK_ANSWERS
from actions.replies import response_text
from text_rules.answers import asks_to_repeat, clean_answer, is_correction, is_pause, is_question, yes_or_no
from text_rules.corrections import corrected_fields

# After this many rejected answers in a row, the question is explained with the ways out instead of asked again.
STUCK_AFTER = 2
FAILED_ANSWERS = "failed_answers"
# A checker's confirmation question ("您是说昨天（12月1日）下午三点吗？") waits in this slot for the claimant's yes.
PROPOSED_TIME = "proposed_accident_time"
# The answer of a skipped question, as the skip button of utter_stuck_skippable sends it.
UNKNOWN_ANSWER = "不清楚"


@dataclass(frozen=True)
class Check:
    """A checker's verdict: the value to keep (None rejects the answer) and the response to tell the claimant."""

    value: Any
    reply: Optional[str] = None
    # The reply's {placeholders}.
    reply_values: Dict[str, Any] = field(default_factory=dict)
    # Other slots the verdict sets (a confirmation waiting for its yes, or cleared).
    also: Dict[str, Any] = field(default_factory=dict)
    # The reply is a question of its own (a confirmation), not a rejected answer.
    confirms: bool = False


Checker = Callable[[Any, Tracker], Check]


def latest_intent(tracker: Tracker) -> Optional[str]:
    """The intent of the claimant's latest message."""
    return (tracker.latest_message or {}).get("intent", {}).get("name")


def typed_text(tracker: Tracker) -> str:
    """The claimant's latest message as typed, before the NLU normalised it (traditional characters, full width)."""
    typed = next((event.get("text") for event in reversed(tracker.events) if event.get("event") == "user"), None)
    return (typed or "").strip()


def as_normalised(value: Any, tracker: Tracker) -> Any:
    """A free answer taken whole from the message as typed ("王強"), as the NLU normalised it ("王强")."""
    typed = typed_text(tracker)
    return latest_text(tracker) if isinstance(value, str) and typed and value.strip() == typed else value


def latest_text(tracker: Tracker) -> str:
    """The text of the claimant's latest message."""
    return ((tracker.latest_message or {}).get("text") or "").strip()


def is_whole_message(value: Any, tracker: Tracker) -> bool:
    """Whether a slot took the claimant's whole latest message, as sent or as the NLU normalised it."""
    return str(value).strip() in {latest_text(tracker), typed_text(tracker)}


def slot_around_latest_message(tracker: Tracker, slot: str) -> Tuple[Any, Any]:
    """The slot's value before the claimant's latest message, and the value set since (None when none was)."""
    value = before = since = None
    for event in tracker.events:
        if event.get("event") == "user":
            before, since = value, None
        elif event.get("event") == "slot" and event.get("name") == slot:
            value = since = event.get("value")
    return before, since


def set_this_turn(tracker: Tracker, slot: str) -> Any:
    """The value the current turn set the slot to since the claimant's latest message, or None."""
    return slot_around_latest_message(tracker, slot)[1]


def earlier_failures(tracker: Tracker, slot: str) -> int:
    """Failed answers in a row to the slot's question before this one; none once another question was asked."""
    failures, asked = 0, None
    for event in tracker.events:
        if event.get("event") != "slot":
            continue
        if event.get("name") == FAILED_ANSWERS:
            failures = int(event.get("value") or 0)
        elif event.get("name") == "requested_slot":
            failures = failures if event.get("value") == asked else 0
            asked = event.get("value")
    return failures if asked == slot else 0


def faq_of(parse_data: Dict[str, Any]) -> Optional[str]:
    """The FAQ the answer selector chose for a parsed message ("faq/disability_compensation")."""
    selector = (parse_data or {}).get("response_selector", {})
    chosen = selector.get("faq") or selector.get("default") or {}
    return chosen.get("response", {}).get("intent_response_key")


def latest_faq(tracker: Tracker) -> Optional[str]:
    """The FAQ the answer selector chose for the latest message."""
    return faq_of(tracker.latest_message)


def digression_response(tracker: Tracker) -> Optional[str]:
    """The answer to the latest message when it is a question of its own rather than an answer."""
    message = tracker.latest_message or {}
    # Long free answers are taken whatever their intent (a description often reads like an FAQ to the classifier);
    # only an answer that reads like a question is answered as one, then the form asks again.
    if not is_question(message.get("text") or ""):
        return None
    intent = message.get("intent", {}).get("name")
    if intent == "faq":
        sub_intent = latest_faq(tracker)
        return f"utter_{sub_intent}" if sub_intent else None
    return CHECK_ANSWERS.get(intent or "")


def parse_yes_no(text: str, intent: Optional[str]) -> Optional[bool]:
    """Read a yes/no answer from the intent, else from plain words; None when it is neither."""
    if intent in ("affirm", "deny"):
        return intent == "affirm"
    return yes_or_no(text)


def yes_no(reask: str) -> Checker:
    """A checker for yes/no questions that re-asks with the response `reask` when the answer is neither."""

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
    # Questions the claim can go on without: after two failed answers the claimant may skip them ("不清楚").
    skippable: Sequence[str] = ()

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
        """Run each new answer through its checker; a rejected answer is cleared and re-asked, twice at most."""
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        requested = tracker.get_slot("requested_slot")
        text = latest_text(tracker)
        answers = dict(tracker.slots_to_validate())
        corrections = self.corrections(tracker, text, requested)
        answers.update(corrections)
        events: List[EventType] = []
        for slot, value in answers.items():
            if slot not in required or slot not in self.checkers:
                continue
            value = as_normalised(value, tracker)
            check = self.whole_message_check(dispatcher, tracker, slot, value, bool(corrections))
            if check is None:
                check = self.checkers[slot](value, tracker)
            if check.reply and slot == requested and not check.confirms:
                events += self.failed(dispatcher, tracker, slot, check)
            elif check.reply:
                dispatcher.utter_message(response=check.reply, **check.reply_values)
            if check.value is not None and slot == requested and tracker.get_slot(FAILED_ANSWERS):
                events.append(SlotSet(FAILED_ANSWERS, 0))
            for other, other_value in check.also.items():
                tracker.slots[other] = other_value
                events.append(SlotSet(other, other_value))
            tracker.slots[slot] = check.value
            events.append(SlotSet(slot, check.value))
        if corrections and requested not in corrections:
            dispatcher.utter_message(response="utter_corrected")
        events.extend(self.derived_events(tracker))
        return events

    def corrections(self, tracker: Tracker, text: str, requested: Optional[str]) -> Dict[str, Any]:
        """Earlier answers the message takes back ("不对，是前天", "说错了，司机是李明"), by slot."""
        if not is_correction(text):
            return {}
        changed = {slot: value for slot, value in tracker.slots_to_validate().items() if slot != requested}
        changed.update(
            {slot: value for slot, value in corrected_fields(text).items() if tracker.get_slot(slot) is not None}
        )
        return {slot: value for slot, value in changed.items() if slot in self.checkers}

    def whole_message_check(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, slot: str, value: Any, corrects: bool
    ) -> Optional[Check]:
        """A message taken whole as the answer that is no answer: a question, a pause, "再说一遍", or a correction."""
        text = latest_text(tracker)
        if not is_whole_message(value, tracker):
            return None
        digression = digression_response(tracker)
        if digression:
            dispatcher.utter_message(response=digression)
            return Check(None)
        if is_pause(text):
            dispatcher.utter_message(response="utter_paused")
            return Check(None)
        if asks_to_repeat(text) or corrects:
            return Check(None)
        return None

    def failed(self, dispatcher: CollectingDispatcher, tracker: Tracker, slot: str, check: Check) -> List[EventType]:
        """Say why the answer did not fit; from the second time on, also how to skip it or reach a person."""
        failures = earlier_failures(tracker, slot) + 1
        if failures < STUCK_AFTER:
            dispatcher.utter_message(response=check.reply, **check.reply_values)
        else:
            stuck = "utter_stuck_skippable" if slot in self.skippable else "utter_stuck_human"
            reask = response_text(check.reply, **check.reply_values)
            dispatcher.utter_message(response=stuck, reask=reask)
        tracker.slots[FAILED_ANSWERS] = failures
        return [SlotSet(FAILED_ANSWERS, failures)]

    def derived_events(self, tracker: Tracker) -> List[EventType]:
        """Slots that follow from the answers (e.g. a skipped question's implied value)."""
        return []


class SlotQuestion(Action, ABC):
    """Asks for one slot with utter_ask_<slot>; forms run action_ask_<slot> for the slot they need next."""

    slot: str = ""

    @abstractmethod
    def name(self) -> Text:
        """action_ask_<slot>."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        """Ask the question (its buttons are in the domain); not when this turn's reply already asks something."""
        if set_this_turn(tracker, PROPOSED_TIME) or (set_this_turn(tracker, FAILED_ANSWERS) or 0) >= STUCK_AFTER:
            return []
        dispatcher.utter_message(response=f"utter_ask_{self.slot}")
        return []


def questions(slots: Sequence[str]) -> List[Type[SlotQuestion]]:
    """One ask action per slot, in the order the form asks them."""
    return [
        type(
            f"Ask_{slot}",
            (SlotQuestion,),
            {"slot": slot, "name": lambda self: f"action_ask_{self.slot}", "__module__": __name__},
        )
        for slot in slots
    ]
