"""Advance payment: after the explanation, record an application for a verified claim."""

import re
from typing import Any, Dict, List, Optional, Sequence, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.clients.claims_api import ClaimNotFound, ClaimsApiClient, ClaimsApiRejected, ClaimsApiUnavailable
from actions.forms import Check, SlotFormValidator, free_text, questions, yes_no
from actions.status import (
    MAX_ATTEMPTS,
    NOT_MATCHED_FINAL,
    NOT_MATCHED_RETRY,
    OFFER_HUMAN_BUTTONS,
    STATUS_DOWN,
    VERIFY_CHECKERS,
)
from text_rules.answers import plain_amount

ADVANCE_QUESTIONS = questions(
    [
        ("advance_amount", "医院大概需要先交多少钱？说个大概数就行，比如“两万”。", False),
        ("police_notice", "交警给您开了垫付通知书吗？", True),
    ]
)
REASK_AMOUNT = "没听出金额。请说一个大概的数，比如“两万”或者“20000元”。"
REASK_HOSPITAL = "医院名称好像太长了，说一下医院的名字就好，比如“南京鼓楼医院”。"
REASK_YES_NO = "不好意思，我没听明白。交警开了垫付通知书就回答“有”，还没有就回答“没有”。"
RECORDED = "垫付申请已经记下了：{hospital}，申请金额{amount}元。这是申请金额，最终垫付多少，要由保险公司审核后确定。"
NEXT_WITH_NOTICE = "接下来：保险公司会联系医院核实伤情和费用预估，审核通过后把钱直接付给医院。请把垫付通知书准备好。"
NEXT_WITHOUT_NOTICE = (
    "接下来：请先到处理事故的交警队申请开具垫付通知书，保险公司一般凭它向医院付款；"
    "拿到后告诉理赔员，保险公司审核后把钱直接付给医院。"
)
LIMIT_AND_FUND = (
    "提醒一下：交强险垫付一般在医疗费用限额内（对方有责1.8万元，无责1800元）。超出的部分、肇事车没有保险或者逃逸的，"
    "可以申请道路交通事故社会救助基金垫付抢救费。"
)
REQUEST_REJECTED = "提交时系统提示：{detail}"
# The claimant's own facts, said before the general explanation (utter_advance_payment holds the limits).
AT_FAULT = "机动车一方{liability}，属于有责，交强险按有责的医疗费用限额垫付（见下面第2条）。"
NOT_AT_FAULT = "机动车一方无责，交强险只按无责的医疗费用限额垫付（见下面第2条），不够的部分可以申请救助基金。"
WITH_COMPULSORY = "肇事车有交强险，可以请它的保险公司垫付抢救费。"
WITHOUT_COMPULSORY = "肇事车没有交强险，抢救费可以申请道路交通事故社会救助基金垫付。"
COMPULSORY = "交强险"
NO_COMPULSORY = re.compile(r"(?:没有?|没买|没上|未投保|无)(?:买|上|投保)?了?交强险|交强险(?:没有?|没买|过期|脱保)")
FAULT_LEVELS = ("全责", "主责", "同责", "次责")


def has_compulsory(tracker: Tracker) -> Optional[bool]:
    """Whether the latest message says the other vehicle has 交强险; None when it does not say."""
    message = tracker.latest_message or {}
    if NO_COMPULSORY.search(message.get("text") or ""):
        return False
    named = any(entity.get("value") == COMPULSORY for entity in message.get("entities", []))
    return True if named else None


def advance_facts(liability: Optional[str], compulsory: Optional[bool]) -> List[str]:
    """What the claimant's liability and 交强险 mean for the advance, in the claimant's terms."""
    lines = []
    if compulsory is False:
        lines.append(WITHOUT_COMPULSORY)
    elif compulsory:
        lines.append(WITH_COMPULSORY)
    if compulsory is not False and liability in FAULT_LEVELS:
        lines.append(AT_FAULT.format(liability=liability))
    elif compulsory is not False and liability == "无责":
        lines.append(NOT_AT_FAULT)
    return lines


def check_amount(value: Any, tracker: Tracker) -> Check:
    """A positive amount in yuan, from the money entity or plain digits."""
    if isinstance(value, (int, float)) and value > 0:
        return Check(value)
    amount = plain_amount(str(value))
    return Check(amount) if amount else Check(None, REASK_AMOUNT)


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
        "hospital": free_text(50, REASK_HOSPITAL),
        "advance_amount": check_amount,
        "police_notice": yes_no(REASK_YES_NO),
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
                dispatcher.utter_message(text=NOT_MATCHED_RETRY)
            return events + [
                SlotSet("claim_number", None),
                SlotSet("verify_phone", None),
                SlotSet("verify_attempts", attempts),
            ]
        except (ClaimsApiUnavailable, ClaimsApiRejected):
            dispatcher.utter_message(text=STATUS_DOWN)
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
            dispatcher.utter_message(text=NOT_MATCHED_FINAL, buttons=OFFER_HUMAN_BUTTONS)
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
            dispatcher.utter_message(text=STATUS_DOWN)
            return [VERIFIED]
        except ClaimsApiRejected as rejected:
            dispatcher.utter_message(text=REQUEST_REJECTED.format(detail=rejected.detail))
            return [VERIFIED]
        dispatcher.utter_message(text=RECORDED.format(hospital=request["hospital"], amount=format_amount(amount)))
        dispatcher.utter_message(text=NEXT_WITH_NOTICE if request["police_notice"] else NEXT_WITHOUT_NOTICE)
        dispatcher.utter_message(text=LIMIT_AND_FUND)
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
        lines = advance_facts(tracker.get_slot("est_liability"), has_compulsory(tracker))
        if lines:
            dispatcher.utter_message(text="".join(lines))
        dispatcher.utter_message(response="utter_advance_payment")
        return []
