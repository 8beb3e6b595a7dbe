"""Claim status: verify the claimant first, then tell the status, the missing papers and the next step."""

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.clients.claims_api import ClaimNotFound, ClaimsApiClient, ClaimsApiRejected, ClaimsApiUnavailable
from actions.forms import Check, SlotFormValidator, pattern, questions
from actions.replies import response_text
from text_rules.answers import clean_answer
from text_rules.identifiers import CLAIM_NUMBER_ANSWER, VERIFY_PHONE_ANSWER

VERIFY_QUESTIONS = questions(["claim_number", "verify_phone"])
MAX_ATTEMPTS = 2


def check_verify_phone(value: Any, tracker: Any) -> Check:
    """The reporter's full phone or its last 4 digits."""
    digits = re.sub(r"[\s\-]", "", clean_answer(str(value)))
    return Check(digits) if VERIFY_PHONE_ANSWER.match(digits) else Check(None, "utter_reask_verify_phone")


VERIFY_CHECKERS = {
    "claim_number": pattern(CLAIM_NUMBER_ANSWER, "utter_reask_claim_number"),
    "verify_phone": check_verify_phone,
}


def numbered_materials(materials: List[Dict[str, Any]]) -> str:
    """Missing papers one per line: "1. 诊断证明书（医院出具，写明伤情和医嘱。）"."""
    return "\n".join(f"{i}. {m['name']}（{m['note']}）" for i, m in enumerate(materials, 1))


def status_parts(view: Dict[str, Any]) -> Dict[str, str]:
    """The placeholders of utter_claim_status: the API's status label and next step, and what is missing."""
    missing = view["missing_materials"]
    if missing:
        materials = response_text("utter_status_missing_materials", items=numbered_materials(missing))
    else:
        materials = response_text("utter_status_no_missing_materials")
    return {
        "claim_number": view["claim_number"],
        "status_label": view["status_label"],
        "materials": materials,
        "next_step": view["next_step"],
    }


class ValidateStatusForm(SlotFormValidator):
    """Checks the claim number and phone formats before asking the API."""

    checkers = VERIFY_CHECKERS

    def name(self) -> Text:
        """The validation action of status_form."""
        return "validate_status_form"


class ActionClaimStatus(Action):
    """Verifies the claimant with the API; only then tells the status, with one retry before offering a human."""

    def name(self) -> Text:
        """The action's name in the domain."""
        return "action_claim_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        """Verify and answer; a failed check clears the answers for the retry."""
        claim_number = tracker.get_slot("claim_number")
        try:
            view = await ClaimsApiClient().verify_claimant(claim_number, tracker.get_slot("verify_phone"))
        except ClaimNotFound:
            attempts = int(tracker.get_slot("verify_attempts") or 0) + 1
            retry = attempts < MAX_ATTEMPTS
            dispatcher.utter_message(response="utter_not_matched_retry" if retry else "utter_not_matched_final")
            return [
                SlotSet("claim_number", None),
                SlotSet("verify_phone", None),
                SlotSet("verify_attempts", attempts if retry else 0),
                SlotSet("claim_verification", "retry" if retry else "failed"),
            ]
        except (ClaimsApiUnavailable, ClaimsApiRejected):
            dispatcher.utter_message(response="utter_status_down")
            return [SlotSet("verify_phone", None), SlotSet("claim_verification", "unavailable")]
        dispatcher.utter_message(response="utter_claim_status", **status_parts(view))
        return [SlotSet("verify_phone", None), SlotSet("verify_attempts", 0), SlotSet("claim_verification", "verified")]
