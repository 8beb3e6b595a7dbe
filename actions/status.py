"""Claim status: verify the claimant first, then tell the status, the missing papers and the next step."""

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.clients.claims_api import ClaimNotFound, ClaimsApiClient, ClaimsApiRejected, ClaimsApiUnavailable
from actions.forms import Check, SlotFormValidator, pattern, questions
from text_rules.answers import clean_answer
from text_rules.identifiers import CLAIM_NUMBER_ANSWER, VERIFY_PHONE_ANSWER

VERIFY_QUESTIONS = questions(
    [
        ("claim_number", "请告诉我您的报案号，一般是RPT开头的一串编号，报案后短信或电话里会告诉您。", False),
        ("verify_phone", "为了保护您的信息，请再告诉我报案时留的手机号，或者它的后4位。", False),
    ]
)
REASK_CLAIM_NUMBER = "报案号的格式好像不对。它是RPT加14位数字，比如“RPT20261123000001”。"
REASK_VERIFY_PHONE = "请告诉我报案时留的完整手机号，或者手机号的后4位数字，比如“5678”。"
MAX_ATTEMPTS = 2
NOT_MATCHED_RETRY = "没有找到匹配的案件。可能是报案号或手机号有一位输错了，我们再核对一次。"
NOT_MATCHED_FINAL = "还是没有核对上，可能是报案时留的信息不一样。别着急，要不要我帮您转人工理赔员来查？"
OFFER_HUMAN_BUTTONS = [{"title": "好，转人工", "payload": "/affirm"}, {"title": "先不用", "payload": "/deny"}]
STATUS_DOWN = "抱歉，理赔系统暂时连不上，查不到进度。请过一会儿再问我一次，您的报案号我已经记下了。"
STATUS = "您的案件（{claim_number}）现在的状态是：{label}。"
MISSING = "还需要补充这些材料：\n{items}"
NOTHING_MISSING = "需要的材料都已经收齐了。"


def check_verify_phone(value: Any, tracker: Any) -> Check:
    """The reporter's full phone or its last 4 digits."""
    digits = re.sub(r"[\s\-]", "", clean_answer(str(value)))
    return Check(digits) if VERIFY_PHONE_ANSWER.match(digits) else Check(None, REASK_VERIFY_PHONE)


VERIFY_CHECKERS = {"claim_number": pattern(CLAIM_NUMBER_ANSWER, REASK_CLAIM_NUMBER), "verify_phone": check_verify_phone}


def numbered_materials(materials: List[Dict[str, Any]]) -> str:
    """Missing papers one per line: "1. 诊断证明书（医院出具，写明伤情和医嘱。）"."""
    return "\n".join(f"{i}. {m['name']}（{m['note']}）" for i, m in enumerate(materials, 1))


def describe_status(view: Dict[str, Any]) -> str:
    """The claimant's view in plain Chinese: status, what is missing, what happens next."""
    lines = [STATUS.format(claim_number=view["claim_number"], label=view["status_label"])]
    missing = view["missing_materials"]
    if missing:
        lines.append(MISSING.format(items=numbered_materials(missing)))
    else:
        lines.append(NOTHING_MISSING)
    lines.append(view["next_step"])
    return "\n".join(lines)


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
            if retry:
                dispatcher.utter_message(text=NOT_MATCHED_RETRY)
            else:
                dispatcher.utter_message(text=NOT_MATCHED_FINAL, buttons=OFFER_HUMAN_BUTTONS)
            return [
                SlotSet("claim_number", None),
                SlotSet("verify_phone", None),
                SlotSet("verify_attempts", attempts if retry else 0),
                SlotSet("claim_verification", "retry" if retry else "failed"),
            ]
        except (ClaimsApiUnavailable, ClaimsApiRejected):
            dispatcher.utter_message(text=STATUS_DOWN)
            return [SlotSet("verify_phone", None), SlotSet("claim_verification", "unavailable")]
        dispatcher.utter_message(text=describe_status(view))
        return [SlotSet("verify_phone", None), SlotSet("verify_attempts", 0), SlotSet("claim_verification", "verified")]
