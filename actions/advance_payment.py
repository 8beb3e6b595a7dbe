"""Advance payment: after the explanation, record an application for a verified claim."""

from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.clients.claims_api import ClaimNotFound, ClaimsApiClient, ClaimsApiRejected, ClaimsApiUnavailable
from actions.forms import Check, SlotFormValidator, free_text, questions, yes_no
from actions.replies import response_text
from actions.status import MAX_ATTEMPTS, VERIFY_CHECKERS
from text_rules.answers import plain_amount
from text_rules.facts import AT_FAULT, NO_FAULT, advance_refused_by, says_no_compulsory

ADVANCE_QUESTIONS = questions(["advance_amount", "police_notice"])
COMPULSORY = "交强险"
# What to do when the one who should advance the costs will not, by who refuses (text_rules.facts.advance_refused_by).
REFUSAL_RESPONSES = {"insurer": "utter_advance_refused_by_insurer", "driver": "utter_advance_refused_by_driver"}


def has_compulsory(tracker: Tracker) -> Optional[bool]:
    """Whether the latest message says the other vehicle has 交强险; None when it does not say."""
    message = tracker.latest_message or {}
    if says_no_compulsory(message.get("text") or ""):
        return False
    named = any(entity.get("value") == COMPULSORY for entity in message.get("entities", []))
    return True if named else None


def advance_facts(
    liability: Optional[str], compulsory: Optional[bool], refused_by: Optional[str] = None
) -> List[Tuple[str, Dict[str, str]]]:
    """The responses, with their placeholders, that say what a refusal, the liability and 交强险 mean for the advance."""
    parts: List[Tuple[str, Dict[str, str]]] = [(REFUSAL_RESPONSES[refused_by], {})] if refused_by else []
    if compulsory is False:
        parts.append(("utter_advance_without_compulsory", {}))
    elif compulsory:
        parts.append(("utter_advance_with_compulsory", {}))
    if compulsory is not False and liability in AT_FAULT:
        parts.append(("utter_advance_at_fault", {"liability": liability}))
    elif compulsory is not False and liability == NO_FAULT:
        parts.append(("utter_advance_not_at_fault", {}))
    return parts


def check_amount(value: Any, tracker: Tracker) -> Check:
    """A positive amount in yuan, from the money entity or plain digits."""
    if isinstance(value, (int, float)) and value > 0:
        return Check(value)
    amount = plain_amount(str(value))
    return Check(amount) if amount else Check(None, "utter_reask_advance_amount")


# The form checked the phone before the application is taken, whatever happens to the application itself.
VERIFIED = SlotSet("claim_verification", "verified")
ADVANCE_SLOTS = ("claim_number", "verify_phone", "hospital", "advance_amount", "police_notice")


def checks_used_up(tracker: Tracker) -> bool:
    """Whether the claimant failed the identity check as often as allowed."""
    return int(tracker.get_slot("verify_attempts") or 0) >= MAX_ATTEMPTS


class ValidateAdvanceForm(SlotFormValidator):
    """Verifies the claimant with the API before taking the application; one retry, then the form ends."""

    checkers = {
        **VERIFY_CHECKERS,
        "hospital": free_text(50, "utter_reask_hospital"),
        "advance_amount": check_amount,
        "police_notice": yes_no("utter_reask_police_notice"),
    }

    def name(self) -> Text:
        """The validation action of advance_form."""
        return "validate_advance_form"

    def skipped_slots(self, tracker: Tracker) -> Sequence[str]:
        """After the last failed check nothing more is asked: the form ends and a human is offered."""
        return ADVANCE_SLOTS if checks_used_up(tracker) else ()

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        """Check the formats, then the phone against the claim; a mismatch clears both and asks again once."""
        events = await super().get_validation_events(dispatcher, tracker, domain)
        if "verify_phone" not in tracker.slots_to_validate() or not tracker.get_slot("verify_phone"):
            return events
        try:
            await ClaimsApiClient().verify_claimant(tracker.get_slot("claim_number"), tracker.get_slot("verify_phone"))
        except ClaimNotFound:
            attempts = int(tracker.get_slot("verify_attempts") or 0) + 1
            if attempts < MAX_ATTEMPTS:
                dispatcher.utter_message(response="utter_not_matched_retry")
            return events + [
                SlotSet("claim_number", None),
                SlotSet("verify_phone", None),
                SlotSet("verify_attempts", attempts),
            ]
        except (ClaimsApiUnavailable, ClaimsApiRejected):
            dispatcher.utter_message(response="utter_status_down")
            return events + [SlotSet("verify_phone", None)]
        return events + [SlotSet("verify_attempts", 0)]


def format_amount(amount: float) -> str:
    """12000.0 → "12,000"; cents only when there are some."""
    return f"{amount:,.2f}".rstrip("0").rstrip(".")


class ActionRequestAdvancePayment(Action):
    """Records the application with the claims API and says what happens next."""

    def name(self) -> Text:
        """The action's name in the domain."""
        return "action_request_advance_payment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        """Submit the application; after two failed identity checks offer a human instead."""
        if checks_used_up(tracker):
            dispatcher.utter_message(response="utter_not_matched_final")
            return [SlotSet("verify_attempts", 0), SlotSet("claim_verification", "failed")]
        amount = float(tracker.get_slot("advance_amount"))
        request = {
            "hospital": tracker.get_slot("hospital"),
            "amount_requested": round(amount, 2),
            "police_notice": bool(tracker.get_slot("police_notice")),
        }
        try:
            await ClaimsApiClient().request_advance_payment(tracker.get_slot("claim_number"), request)
        except (ClaimsApiUnavailable, ClaimNotFound):
            dispatcher.utter_message(response="utter_status_down")
            return [VERIFIED]
        except ClaimsApiRejected as rejected:
            dispatcher.utter_message(response="utter_advance_rejected", detail=rejected.detail)
            return [VERIFIED]
        dispatcher.utter_message(
            response="utter_advance_recorded", hospital=request["hospital"], amount=format_amount(amount)
        )
        next_step = (
            "utter_advance_next_with_notice" if request["police_notice"] else "utter_advance_next_without_notice"
        )
        dispatcher.utter_message(response=next_step)
        dispatcher.utter_message(response="utter_advance_limit_and_fund")
        return [
            SlotSet("verify_phone", None),
            SlotSet("advance_amount", None),
            SlotSet("police_notice", None),
            VERIFIED,
        ]


class ActionExplainAdvancePayment(Action):
    """Explains the advance, first in the claimant's terms when the liability or 交强险 were said."""

    def name(self) -> Text:
        """The action's name in the domain."""
        return "action_explain_advance_payment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        """The claimant's facts, then the general explanation."""
        text = (tracker.latest_message or {}).get("text") or ""
        parts = advance_facts(tracker.get_slot("est_liability"), has_compulsory(tracker), advance_refused_by(text))
        if parts:
            # One message said before the general explanation (utter_advance_payment holds the limits).
            dispatcher.utter_message(text="".join(response_text(name, **values) for name, values in parts))
        dispatcher.utter_message(response="utter_advance_payment")
        return []
